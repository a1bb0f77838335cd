/**
 * DRAKVUF Sandbox configuration (DOMAIN-FACTS §6): kind detection of `/etc/drakrun/config.toml`
 * (v0.19+) and the legacy `config.ini` files of drakrun and drakcore (v0.18), the TOML model and
 * the INI reader with exact offsets, read as Python's configparser reads them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kindOf } from '../helpers/engine-check';
import { readIni } from '../../server/src/engine/model/ini';
import { drakrunIniPair, drakrunSettings } from '../../server/src/engine/model/drakrun';
import { parseFile } from '../../server/src/engine/parse';

describe('DRAKVUF Sandbox kinds', () => {
  test('/etc/drakrun/config.toml is drakrun-config by its path', () => {
    assert.equal(kindOf('/etc/drakrun/config.toml', '[redis]\nhost = "localhost"\n'), 'drakrun-config');
    assert.equal(kindOf('file:///etc/drakrun/config.toml', ''), 'drakrun-config');
  });
  test('a config.toml elsewhere is drakrun-config only with a [drakrun] table', () => {
    assert.equal(kindOf('/w/ops/config.toml', '[drakrun]\ndefault_timeout = 300\n'), 'drakrun-config');
    assert.equal(kindOf('/w/.cargo/config.toml', '[build]\njobs = 2\n'), 'none');
  });
  test('the legacy INI files of drakrun and drakcore are drakrun-ini', () => {
    assert.equal(kindOf('/etc/drakrun/config.ini', '[redis]\nhost=localhost\n'), 'drakrun-ini');
    assert.equal(kindOf('/etc/drakcore/config.ini', '[redis]\nhost=localhost\n'), 'drakrun-ini');
    assert.equal(kindOf('/w/backup/config.ini', '[redis]\nhost=localhost\n[minio]\naddress=x:9000\n'), 'drakrun-ini');
    assert.equal(kindOf('/w/tox/config.ini', '[tox]\nenvlist = py3\n'), 'none');
  });
  test('a TOML or INI file is never read as YAML or as a script', () => {
    assert.equal(parseFile('/etc/drakrun/config.toml', 'a = 1\n').isYaml, false);
    assert.equal(kindOf('/w/x.ini', '[a]\nrun = docker compose up --scale web=3\n'), 'none');
  });
});

describe('the INI reader (configparser.ConfigParser() defaults)', () => {
  const text =
    '# head\n[redis]\nHost = localhost ; not a comment\n  ; a comment\nport: 6379\n[minio]\naddress=\n  a:9000\n\n  b\n';
  const ini = readIni(text);
  test('sections, lowercased keys, values as configparser returns them', () => {
    assert.deepEqual(
      ini.entries.map((e) => [e.section, e.key, e.value]),
      [
        ['redis', 'host', 'localhost ; not a comment'],
        ['redis', 'port', '6379'],
        ['minio', 'address', '\na:9000\n\nb'],
      ],
    );
    assert.deepEqual(ini.problems, []);
  });
  test('exact key and value ranges', () => {
    const host = ini.entries[0]!;
    assert.equal(text.slice(host.keyRange.start, host.keyRange.end), 'Host');
    assert.equal(text.slice(host.valueRange.start, host.valueRange.end), 'localhost ; not a comment');
    const port = ini.entries[1]!;
    assert.equal(text.slice(port.range.start, port.range.end), 'port: 6379');
    const address = ini.entries[2]!;
    assert.equal(text.slice(address.valueRange.start, address.valueRange.end), '\n  a:9000\n\n  b');
  });
  test('what configparser raises: a repeated option stops the read; a stray line is collected', () => {
    const dup = readIni('[redis]\nhost=a\nhost=b\nport=1\n');
    assert.equal(dup.entries.length, 1);
    assert.match(dup.problems[0]!.message, /DuplicateOptionError/);
    assert.match(readIni('host=a\n').problems[0]!.message, /MissingSectionHeaderError/);
    const stray = readIni('[redis]\njust words\nport=1\n');
    assert.deepEqual(
      stray.entries.map((e) => e.key),
      ['port'],
    );
    assert.match(stray.problems[0]!.message, /ParsingError/);
  });
  test('CRLF line breaks keep the offsets exact', () => {
    const crlf = '[redis]\r\nhost = r1\r\n';
    const e = readIni(crlf).entries[0]!;
    assert.equal(crlf.slice(e.valueRange.start, e.valueRange.end), 'r1');
  });
});

describe('the DRAKVUF settings model', () => {
  test('TOML tables, dotted keys and inline tables, with exact ranges', () => {
    const text =
      '[redis]\nhost = "r1" # shared\n[s3]\nenabled = false\n[capa]\n"x".y = 1\nkarton = { config = "/k" }\n';
    const settings = drakrunSettings(parseFile('/etc/drakrun/config.toml', text), 'drakrun-config');
    assert.deepEqual(
      settings.map((s) => [s.section, s.key, s.value, s.type]),
      [
        ['redis', 'host', 'r1', 'string'],
        ['s3', 'enabled', 'false', 'boolean'],
        ['capa.x', 'y', '1', 'integer'],
        ['capa.karton', 'config', '/k', 'string'],
      ],
    );
    const host = settings[0]!;
    assert.equal(text.slice(host.range.start, host.range.end), 'host = "r1"');
    assert.equal(text.slice(host.keyRange.start, host.keyRange.end), 'host');
  });
  test('a TOML syntax error gives no settings, never a throw', () => {
    assert.deepEqual(drakrunSettings(parseFile('/etc/drakrun/config.toml', '[redis\nhost='), 'drakrun-config'), []);
  });
  test('the legacy pair: drakrun/config.ini and drakcore/config.ini beside it', () => {
    assert.deepEqual(drakrunIniPair('/etc/drakrun/config.ini'), {
      component: 'drakrun',
      other: '/etc/drakcore/config.ini',
    });
    assert.deepEqual(drakrunIniPair('/srv/x/drakcore/config.ini'), {
      component: 'drakcore',
      other: '/srv/x/drakrun/config.ini',
    });
    assert.equal(drakrunIniPair('/etc/other/config.ini'), null);
  });
});
