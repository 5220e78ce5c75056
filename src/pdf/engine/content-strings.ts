/**
 * A page's content stream is kept as text until the stream ends, not as one Buffer per operator.
 *
 * Why: pdfkit writes every drawing operator of a page ("1 0 0 1 72 700 Tm", "[<0043> 12] TJ", …)
 * through PDFReference.write, which turns each into a Buffer of its own (`Buffer.from(chunk +
 * '\n', 'binary')`) and concatenates them when the stream ends. For a long table that is millions
 * of small Buffers held until the end of the document: about a second of CPU for the 304-page
 * daylight example and a large part of its memory. Here the strings of a stream are collected and
 * turned into one Buffer when a binary chunk follows or the stream ends, with the same encoding
 * (latin1: one byte per character, so the Length pdfkit counts is the same), so the bytes written
 * are the same.
 */
type Ref = {
  buffer: Uint8Array[];
  data: { Length?: number; Filter?: string };
  compress: boolean;
  uncompressedLength: number;
  _bkText?: string[];
};
type RefProto = { write(this: Ref, chunk: unknown): void; finalize(this: Ref): void; __briefkitContentStrings?: boolean };

function flush(ref: Ref): void {
  const text = ref._bkText;
  if (!text?.length) return;
  ref.buffer.push(Buffer.from(text.join(''), 'binary'));
  ref._bkText = [];
}

/** Patches the PDFReference class of `PDFDocument` (pdfkit's, as pdfmake loads it); idempotent. */
export function installContentStrings(PDFDocument: unknown): void {
  const doc = new (PDFDocument as new (o: object) => { ref(data?: object): object })({ autoFirstPage: false });
  const proto = Object.getPrototypeOf(doc.ref()) as RefProto;
  if (typeof proto.write !== 'function' || typeof proto.finalize !== 'function') throw new Error('pdfkit PDFReference.write/finalize not found');
  if (proto.__briefkitContentStrings) return;
  const { write, finalize } = proto;
  proto.write = function (this: Ref, chunk: unknown) {
    if (chunk instanceof Uint8Array) {
      flush(this);
      return write.call(this, chunk);
    }
    const s = (chunk as string) + '\n';
    (this._bkText ??= []).push(s);
    // what pdfkit counts for the Buffer it would have made: one byte per character
    this.uncompressedLength += s.length;
    if (this.data.Length == null) this.data.Length = 0;
    this.data.Length += s.length;
    if (this.compress) this.data.Filter = 'FlateDecode';
  };
  proto.finalize = function (this: Ref) {
    flush(this);
    return finalize.call(this);
  };
  proto.__briefkitContentStrings = true;
}
