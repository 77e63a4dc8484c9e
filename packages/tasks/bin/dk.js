#!/usr/bin/env node
import { boot } from "../dist/boot.js";
process.exit(await boot(process.argv.slice(2)));
