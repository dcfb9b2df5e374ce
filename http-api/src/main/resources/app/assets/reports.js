// /app/reports — the managers' numbers (docs/reports.md), one view per report.
import { me as whoAmI } from "./api.js";
import { loadMessages } from "./i18n.js";
import { header } from "./ui.js";

const person = await whoAmI();
await loadMessages(person.locale);
header(person, "reports.title");
