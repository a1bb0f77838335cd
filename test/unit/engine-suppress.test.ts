/** Suppression comments: `# scalewise-disable-next-line` and `# scalewise-disable-file`. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { check, summary } from '../helpers/engine-check';
import { paragraph, yaml } from '../../server/src/engine/template-text';

describe('suppression comments', () => {
  // A flow map puts two rules' findings on one line.
  const twoOnOneLine =
    'services:\n  web: {image: nginx, container_name: w, scale: 3, ports: ["8080:80"], deploy: {resources: {limits: {memory: 1g}}}}\n';

  test('without a comment, both findings are there', () => {
    assert.deepEqual(summary(check(twoOnOneLine)), [
      '2:23 compose/container-name-blocks-scale',
      '2:60 compose/host-port-conflict',
    ]);
  });

  test('disable-next-line with two ids', () => {
    const text = `services:\n  # scalewise-disable-next-line compose/container-name-blocks-scale, compose/host-port-conflict\n${twoOnOneLine.split('\n')[1]}\n`;
    assert.deepEqual(summary(check(text)), []);
  });

  test('disable-next-line with one id leaves the other rule', () => {
    const text = `services:\n  # scalewise-disable-next-line compose/host-port-conflict -- fronted by a proxy\n${twoOnOneLine.split('\n')[1]}\n`;
    assert.deepEqual(summary(check(text)), ['3:23 compose/container-name-blocks-scale']);
  });

  test('disable-next-line skips comment lines to the next line of YAML', () => {
    const tight = yaml`
      services:
        web:
          # scalewise-disable-next-line compose/container-name-blocks-scale
          # the name is used by the backup job
          container_name: w
          scale: 2
          deploy: {resources: {limits: {memory: 1g}}}
    `;
    assert.deepEqual(summary(check(tight)), []);
  });

  test('disable-next-line without ids covers every rule on that line only', () => {
    const text =
      'version: "3"\nservices:\n  # scalewise-disable-next-line\n  web: {image: nginx, container_name: w, scale: 3, ports: ["8080:80"]}\n';
    assert.deepEqual(summary(check(text)), ['1:1 compose/obsolete-version']);
  });

  test('disable-file with ids, and without', () => {
    const text = yaml`
      version: "3"
      services:
        web: {image: nginx, container_name: w, scale: 3, ports: ["8080:80"], deploy: {resources: {limits: {memory: 1g}}}}
    `;
    assert.deepEqual(
      summary(check(`# scalewise-disable-file compose/obsolete-version compose/host-port-conflict\n${text}`)),
      ['4:23 compose/container-name-blocks-scale'],
    );
    assert.deepEqual(summary(check(`${text}# scalewise-disable-file\n`)), []);
    assert.deepEqual(summary(check(`# scalewise-disable-file other/rule\n${text}`)).length, 3);
  });

  test('suppression comments work in CRLF files', () => {
    const text = paragraph(
      'services:\r\n  web:\r\n    # scalewise-disable-next-line compose/container-name-blocks-scale\r\n   ',
      'container_name: w\r\n    scale: 2\r\n    deploy: {resources: {limits: {memory: 1g}}}\r\n',
    );
    assert.deepEqual(summary(check(text)), []);
    const fileWide = '# scalewise-disable-file compose/obsolete-version\r\nversion: "3"\r\nservices: {}\r\n';
    assert.deepEqual(summary(check(fileWide)), []);
  });
});
