// Runs the compiled example: node run.mjs BASE_URL VHOST (the token comes from OME_TOKEN).
import { listApps } from "./out/example.js";

const [baseUrl, vhost] = process.argv.slice(2);
console.log(JSON.stringify(await listApps(baseUrl, process.env.OME_TOKEN ?? "", vhost)));
