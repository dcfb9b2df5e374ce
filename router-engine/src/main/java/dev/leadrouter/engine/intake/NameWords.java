package dev.leadrouter.engine.intake;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The word lists {@link NameCleaner} reads names with: roles and titles (Chinese and English),
 * departments, honorifics, compound surnames and kin words. Data only; the rules that use them are
 * in {@link NameCleaner}.
 */
final class NameWords {

  /**
   * Longest first, so 总经理 wins over 经理 and 总, 老板娘 over 老板. Roles of one character are taken
   * only after a bare surname: 王总, not 李志工.
   */
  static final List<String> ROLES = byLength(List.of(
      "老师", "总", "总经理", "副总", "老总", "总裁", "总监", "经理", "主任", "校长", "副校长", "园长", "院长",
      "家长", "老板", "老板娘", "工", "工程师", "总工", "局", "局长", "处长", "科长", "部长", "所长", "厂长",
      "站长", "行长", "店长", "董", "董事长", "主管", "主席", "书记", "秘书", "助理", "会计", "律师", "医生",
      "教授", "博士", "顾问", "专员", "师傅", "采购", "班主任", "教练", "负责人", "董事", "合伙人", "创始人",
      "组长", "老师傅", "教师", "设计师", "同学"));
  /** Roles a rep does not address a person by ({@code 李娜家长} is no salutation). */
  static final Set<String> NOT_ADDRESSED = Set.of(NameCleaner.PARENT, "采购", "负责人", "合伙人", "创始人", "专员", "助理");
  /** Departments and functions: a title on their own in brackets ({@code （财务）}), before a role ({@code 市场经理}). */
  static final Set<String> DEPARTMENTS = Set.of(
      "市场", "销售", "采购", "技术", "财务", "人事", "人力", "人力资源", "行政", "运营", "产品", "项目", "研发",
      "客服", "生产", "质量", "品质", "质检", "设备", "工程", "业务", "商务", "区域", "大区", "法务", "信息",
      "教务", "教学", "招生", "后勤", "物流", "供应链", "仓储", "电商", "外贸", "海外", "渠道", "品牌", "战略",
      "投资", "工厂", "车间", "总务", "设计", "营销", "IT", "HR", "it", "hr");
  /** Endings of a title written apart from the name ({@code 设计师}, {@code 业务员}, {@code 组长}). */
  static final List<String> TITLE_ENDINGS = List.of("师", "员", "长");
  static final List<String> HONORIFICS = byLength(List.of("先生", "女士", "小姐", "太太", "夫人"));
  static final Map<String, String> ENGLISH_HONORIFICS = Map.ofEntries(
      Map.entry("mr", "Mr."), Map.entry("mrs", "Mrs."), Map.entry("ms", "Ms."), Map.entry("miss", "Miss"),
      Map.entry("dr", "Dr."), Map.entry("prof", "Prof."), Map.entry("mx", "Mx."), Map.entry("sir", "Sir"),
      Map.entry("madam", "Madam"), Map.entry("madame", "Madame"), Map.entry("mme", "Mme"),
      Map.entry("mlle", "Mlle"), Map.entry("herr", "Herr"), Map.entry("frau", "Frau"), Map.entry("rev", "Rev."),
      Map.entry("mister", "Mr."), Map.entry("doctor", "Dr."), Map.entry("professor", "Prof."));
  /** English job-title words that end a title ({@code Purchasing Manager}, {@code Head of Sales}). */
  static final Set<String> ENGLISH_TITLE_HEADS = Set.of(
      "manager", "mgr", "director", "head", "ceo", "cto", "cfo", "coo", "cmo", "cio", "cpo", "vp", "svp", "evp",
      "president", "owner", "founder", "cofounder", "co-founder", "partner", "engineer", "buyer", "officer", "lead",
      "leader", "specialist", "coordinator", "consultant", "teacher", "tutor", "principal", "chairman",
      "chairwoman", "chair", "executive", "supervisor", "assistant", "analyst", "administrator", "admin",
      "representative", "rep", "agent", "architect", "developer", "accountant", "secretary", "gm", "md",
      "associate", "intern", "parent", "boss", "purchasing", "procurement", "sales", "marketing", "hr", "staff",
      "clerk", "advisor", "adviser", "counselor", "dean", "lecturer", "instructor", "coach", "physician",
      "nurse", "lawyer", "attorney", "foreman", "superintendent", "controller", "treasurer", "auditor",
      "planner", "technician", "operator", "designer", "trainer", "recruiter", "finance", "operations");
  /** Title heads that end a name's words without a separator ({@code John Smith CEO}); not a surname too. */
  static final Set<String> UNSEPARATED_TITLE_HEADS = Set.of(
      "manager", "mgr", "director", "ceo", "cto", "cfo", "coo", "cmo", "cio", "vp", "gm", "engineer", "buyer",
      "president", "founder", "co-founder", "teacher", "consultant", "specialist", "coordinator", "supervisor",
      "accountant", "officer", "executive", "administrator", "representative");
  /** Words that qualify a title ({@code Senior}, {@code Regional}, {@code of}). */
  static final Set<String> ENGLISH_TITLE_WORDS = Set.of(
      "senior", "sr", "junior", "jr", "chief", "deputy", "associate", "general", "regional", "area", "global",
      "national", "managing", "technical", "product", "project", "program", "business", "development", "it",
      "technology", "engineering", "customer", "account", "key", "supply", "chain", "logistics", "quality",
      "plant", "factory", "production", "research", "r&d", "education", "academic", "school", "store", "office",
      "branch", "vice", "co", "human", "resources", "information", "commercial", "strategic", "digital", "brand",
      "training", "admissions", "student", "legal", "compliance", "data", "software", "hardware", "systems",
      "network", "security", "maintenance", "facilities", "medical", "administrative", "procurement",
      "purchasing", "sales", "marketing", "hr", "finance", "financial", "operations", "operating", "executive",
      "of", "and", "&", "the", "for", "in", "china", "asia", "apac", "emea", "district", "country", "team",
      "department", "dept", "division", "unit", "group", "channel", "partner", "partnerships", "service",
      "services", "support", "assistant", "manager", "director", "head", "lead");
  static final Set<String> COMPOUND_SURNAMES = Set.of(
      "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒",
      "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "万俟", "闻人", "赫连", "澹台", "公冶",
      "太史", "申屠", "钟离", "宗政", "濮阳", "淳于", "单于", "仲孙", "叔孙", "东郭", "司空", "拓跋", "第五");
  static final Map<String, String> CHINESE_KIN = Map.ofEntries(
      Map.entry("妈妈", "妈妈"), Map.entry("妈咪", "妈妈"), Map.entry("母亲", "妈妈"), Map.entry("妈", "妈妈"),
      Map.entry("爸爸", "爸爸"), Map.entry("爹地", "爸爸"), Map.entry("父亲", "爸爸"), Map.entry("爸", "爸爸"),
      Map.entry("爷爷", "爷爷"), Map.entry("奶奶", "奶奶"), Map.entry("外公", "外公"), Map.entry("外婆", "外婆"),
      Map.entry("姥姥", "姥姥"), Map.entry("姥爷", "姥爷"));
  /** Words for "the child" that name no student: 宝妈, 孩子家长. */
  static final Set<String> NO_STUDENT = Set.of(
      "宝", "孩子", "孩", "小孩", "学生", "学员", "小朋友", "宝宝", "儿子", "女儿", "老", "我");
  static final Set<String> KIN_HONORIFICS = Set.of(
      "妈妈", "爸爸", "爷爷", "奶奶", "外公", "外婆", "姥姥", "姥爷", "Mother", "Father");

  private NameWords() {}

  private static List<String> byLength(List<String> words) {
    return words.stream().sorted((a, b) -> b.length() - a.length()).toList();
  }
}
