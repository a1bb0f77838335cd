import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paragraph, prose, yaml } from '../../server/src/engine/template-text';

describe('template-text', () => {
  it('yaml strips the first line break and the common indentation, ending with one line break', () => {
    const text = yaml`
      services:
        web:

          image: a   # comment
    `;
    assert.equal(text, 'services:\n  web:\n\n    image: a   # comment\n');
  });

  it('yaml without a line break before the closing backtick ends without one', () => {
    assert.equal(
      yaml`
      a: 1
      b: 2`,
      'a: 1\nb: 2',
    );
  });

  it('yaml keeps whitespace-only lines indented deeper than the block, and interpolated values', () => {
    assert.equal(yaml`\n  a: ${3}\n    \n  b: c\n`, 'a: 3\n  \nb: c\n');
  });

  it('prose reads each line break and its indentation as one space, and the edges as nothing', () => {
    const n = 'x';
    const text = prose`
      Service "${n}" runs
        two replicas; \`docker\`
      fails.
    `;
    assert.equal(text, 'Service "x" runs two replicas; `docker` fails.');
  });

  it("prose keeps an interpolated value's own line breaks", () => {
    assert.equal(prose`a ${'b\nc'}\n  d`, 'a b\nc d');
  });

  it('paragraph joins its lines with one space', () => {
    assert.equal(paragraph('one `two`', "three's", 'four.'), "one `two` three's four.");
  });
});
