/**
 * A small XML reader and writer for the fake endpoint's XML protocols (awsQuery, ec2Query,
 * restXml). Elements, attributes, text, CDATA and the five predefined entities plus character
 * references; comments, processing instructions and a DOCTYPE are skipped. No namespaces beyond
 * keeping `xmlns` as an attribute: AWS's XML never needs more.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly children?: readonly XmlElement[];
  /** The element's text (only meaningful for an element without children). */
  readonly text?: string;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#xD;' };
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"\r]/g, (c) => ESCAPES[c]!);
}

function decodeEntities(text: string): string {
  return text.replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(\w+));/g, (whole, hex?: string, dec?: string, named?: string) => {
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    if (dec) return String.fromCodePoint(Number(dec));
    return ENTITIES[named!] ?? whole;
  });
}

/** The element as XML text; `declaration` prepends `<?xml version="1.0" encoding="UTF-8"?>`. */
export function renderXml(element: XmlElement, declaration = false): string {
  const attributes = Object.entries(element.attributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const children = element.children ?? [];
  const content = children.length > 0 ? children.map((c) => renderXml(c)).join('') : escapeXml(element.text ?? '');
  const xml = content === '' ? `<${element.name}${attributes}/>` : `<${element.name}${attributes}>${content}</${element.name}>`;
  return declaration ? `<?xml version="1.0" encoding="UTF-8"?>${xml}` : xml;
}

/** The first child of that name. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children?.find((c) => c.name === name);
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return (element.children ?? []).filter((c) => c.name === name);
}

const OPEN_TAG = /<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const CLOSE_TAG = /<\/([^\s>]+)\s*>/y;
const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

class XmlReader {
  private i = 0;
  constructor(private readonly x: string) {}

  document(): XmlElement {
    this.skipMisc();
    const root = this.element();
    this.skipMisc();
    if (this.i < this.x.length) throw new Error('XML: content after the root element');
    return root;
  }

  /** Whitespace, the XML declaration, comments, processing instructions, a DOCTYPE. */
  private skipMisc(): void {
    for (;;) {
      while (this.i < this.x.length && ' \t\r\n'.includes(this.x[this.i]!)) this.i += 1;
      if (this.x.startsWith('<?', this.i)) this.i = this.after('?>');
      else if (this.x.startsWith('<!--', this.i)) this.i = this.after('-->');
      else if (this.x.startsWith('<!DOCTYPE', this.i)) this.i = this.after('>');
      else return;
    }
  }

  private after(stop: string): number {
    const at = this.x.indexOf(stop, this.i);
    if (at < 0) throw new Error(`XML: "${stop}" expected`);
    return at + stop.length;
  }

  private element(): XmlElement {
    OPEN_TAG.lastIndex = this.i;
    const open = OPEN_TAG.exec(this.x);
    if (!open) throw new Error(`XML: element expected at offset ${this.i}`);
    this.i = OPEN_TAG.lastIndex;
    const [, name, attributeText, selfClosing] = open as unknown as [string, string, string, string];
    const attributes: Record<string, string> = {};
    for (const [, k, dq, sq] of attributeText.matchAll(ATTRIBUTE)) attributes[k!] = decodeEntities(dq ?? sq ?? '');
    if (selfClosing) return { name, attributes, children: [], text: '' };
    const { children, text } = this.content();
    CLOSE_TAG.lastIndex = this.i;
    if (CLOSE_TAG.exec(this.x)?.[1] !== name) throw new Error(`XML: </${name}> expected`);
    this.i = CLOSE_TAG.lastIndex;
    return { name, attributes, children, text };
  }

  private content(): { children: XmlElement[]; text: string } {
    const children: XmlElement[] = [];
    let text = '';
    while (this.i < this.x.length && !this.x.startsWith('</', this.i)) {
      if (this.x.startsWith('<![CDATA[', this.i)) {
        const end = this.x.indexOf(']]>', this.i);
        if (end < 0) throw new Error('XML: unterminated CDATA');
        text += this.x.slice(this.i + 9, end);
        this.i = end + 3;
      } else if (this.x.startsWith('<!--', this.i)) this.i = this.after('-->');
      else if (this.x.startsWith('<?', this.i)) this.i = this.after('?>');
      else if (this.x[this.i] === '<') children.push(this.element());
      else {
        const next = this.x.indexOf('<', this.i);
        const end = next < 0 ? this.x.length : next;
        text += decodeEntities(this.x.slice(this.i, end));
        this.i = end;
      }
    }
    return { children, text };
  }
}

export function parseXml(xml: string): XmlElement {
  return new XmlReader(xml).document();
}
