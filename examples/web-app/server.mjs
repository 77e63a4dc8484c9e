// The app the web-deploy example ships: answers every request with its release (the VERSION file next to it).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const version = readFileSync(new URL("VERSION", import.meta.url), "utf8").trim();
const listen = process.env.APP_LISTEN ?? "127.0.0.1:8080";
const colon = listen.lastIndexOf(":");
createServer((_request, response) => response.end(`${version}\n`)).listen(
  Number(listen.slice(colon + 1)),
  listen.slice(0, colon),
);
