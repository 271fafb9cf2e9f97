// What every browser test script shares: Debian's chromium (or a skip when
// it is not installed), the ok/FAIL lines with their count, and the launch
// flags this closed network needs.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const CHROMIUM = "/usr/bin/chromium";
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/// Exits 0 (skipped) when chromium is not installed.
export function requireChromium() {
  if (!fs.existsSync(CHROMIUM)) {
    console.log("browser tests skipped: no chromium");
    process.exit(0);
  }
}

let passed = 0, failed = 0;
export function check(name, ok, detail) {
  if (ok) { passed++; console.log(`ok   ${name}`); }
  else { failed++; console.log(`FAIL ${name}${detail ? ": " + detail : ""}`); }
  return ok;
}
/// Prints "N passed, M failed" and exits 1 on any failure.
export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

export function launch(chromium) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
}
