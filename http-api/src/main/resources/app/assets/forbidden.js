// The 403 shell: served instead of a page whose purpose the caller's role may never use (a rep who
// types /app/admin). It shows no data and links to the person's own home.
import { me as whoAmI } from "./api.js";
import { loadMessages } from "./i18n.js";
import { header } from "./ui.js";

const person = await whoAmI();
await loadMessages(person.locale);
header(person, "forbidden.title");
document.getElementById("home").href = person.home;
