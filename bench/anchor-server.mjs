// Starts yaml-language-server with its validation debounce set to 0 ms, so both servers are timed
// with debounce 0. The anchor's delay is a constant (SettingsState.validationDelayMs = 200 in
// out/src/yamlSettings.js) with no setting to change it; we override it on the class before the
// server module loads. Everything else is the stock server, started as its own bin does.
//
// Usage: node bench/anchor-server.mjs <path to node_modules/yaml-language-server> --stdio
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const pkgDir = process.argv[2];
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
process.env.YAML_LANGUAGE_SERVER_VERSION = pkg.version;

// 2.x is ESM under out/src; 1.x is CommonJS under out/server/src. Same class either way.
const layouts = [
  ['out/src/yamlSettings.js', 'out/src/server.js'],
  ['out/server/src/yamlSettings.js', 'out/server/src/server.js'],
];
const layout = layouts.find(
  ([settings, server]) => existsSync(join(pkgDir, settings)) && existsSync(join(pkgDir, server)),
);
if (!layout) {
  process.stderr.write(`bench: no known yaml-language-server layout in ${pkgDir}\n`);
  process.exit(2);
}
const [settingsFile, serverFile] = layout.map((f) => pathToFileURL(join(pkgDir, f)).href);

const { SettingsState } = await import(settingsFile);
// The constructor assigns `this.validationDelayMs = 200`; an accessor on the prototype takes it.
Object.defineProperty(SettingsState.prototype, 'validationDelayMs', {
  configurable: true,
  get: () => 0,
  set: () => {},
});
if (new SettingsState().validationDelayMs !== 0) {
  process.stderr.write('bench: could not set the anchor validation delay to 0\n');
  process.exit(2);
}
await import(serverFile);
