declare module 'fontkit' {
  export function create(buffer: Buffer | Uint8Array, postscriptName?: string): unknown;
}
declare module 'pdfmake' {
  const pdfmake: {
    setFonts(fonts: Record<string, Record<string, string | Buffer>>): void;
    setUrlAccessPolicy(cb: (url: string) => boolean): void;
    setLocalAccessPolicy(cb: (path: string) => boolean): void;
    createPdf(dd: unknown, options?: unknown): { getBuffer(): Promise<Buffer>; getStream?(): Promise<unknown> };
    virtualfs: { writeFileSync(path: string, data: Buffer | string): void; existsSync(path: string): boolean; readFileSync(path: string): Buffer };
  };
  export default pdfmake;
}
declare module 'vega-interpreter' {
  export const expressionInterpreter: unknown;
}
