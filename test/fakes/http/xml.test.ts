import { describe, expect, it } from 'vitest';
import { childNamed, childrenNamed, escapeXml, parseXml, renderXml } from './xml';

describe("the fake endpoint's XML reader and writer", () => {
  it('reads elements, attributes, text, entities, character references and CDATA; skips the prolog and comments', () => {
    const doc = parseXml(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n<Root xmlns="http://example.com/doc/" a='1' b="x &amp; y">` +
        `<Item>one &lt;1&gt; &#65;&#x42;</Item><!-- between --><Item><![CDATA[<raw> & text]]></Item><Empty/><Spaced>  kept  </Spaced>` +
        `<Nested><Deep>d</Deep></Nested></Root>\n`,
    );
    expect(doc.name).toBe('Root');
    expect(doc.attributes).toEqual({ xmlns: 'http://example.com/doc/', a: '1', b: 'x & y' });
    expect(childrenNamed(doc, 'Item').map((i) => i.text)).toEqual(['one <1> AB', '<raw> & text']);
    expect(childNamed(doc, 'Empty')).toMatchObject({ text: '', children: [] });
    expect(childNamed(doc, 'Spaced')?.text).toBe('  kept  ');
    expect(childNamed(childNamed(doc, 'Nested')!, 'Deep')?.text).toBe('d');
    expect(childNamed(doc, 'Missing')).toBeUndefined();
  });

  it('rejects what is not well-formed', () => {
    expect(() => parseXml('<A><B></A>')).toThrow(/<\/B> expected/);
    expect(() => parseXml('<A></A><B/>')).toThrow(/after the root/);
    expect(() => parseXml('no xml')).toThrow(/element expected/);
    expect(() => parseXml('<A><![CDATA[x</A>')).toThrow(/CDATA/);
  });

  it('writes escaped text and attributes, empty elements self-closed, and reads its own output back', () => {
    const element = {
      name: 'Doc',
      attributes: { xmlns: 'urn:x', note: 'say "hi" & <bye>' },
      children: [
        { name: 'Text', text: 'a < b & c > d\r\n' },
        { name: 'None', text: '' },
        { name: 'Kids', children: [{ name: 'K', text: '1' }] },
      ],
    };
    const xml = renderXml(element, true);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Doc xmlns="urn:x" note="say &quot;hi&quot; &amp; &lt;bye&gt;">' +
        '<Text>a &lt; b &amp; c &gt; d&#xD;\n</Text><None/><Kids><K>1</K></Kids></Doc>',
    );
    const back = parseXml(xml);
    expect(back.attributes).toEqual(element.attributes);
    expect(childNamed(back, 'Text')?.text).toBe('a < b & c > d\r\n');
    expect(childNamed(childNamed(back, 'Kids')!, 'K')?.text).toBe('1');
    expect(escapeXml('&<>"')).toBe('&amp;&lt;&gt;&quot;');
  });
});
