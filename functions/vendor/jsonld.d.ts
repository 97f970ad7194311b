// jsonld ships no types; the verification module (JSON-LD safe mode), the signing path's shape compiler
// and the tests use only expand() and canonize().
declare module 'jsonld' {
  interface Options {
    documentLoader?: (url: string) => Promise<unknown>;
    safe?: boolean;
    base?: string | null;
  }
  const jsonld: {
    expand(document: object, options?: Options): Promise<object[]>;
    canonize(document: object, options: Options & { algorithm: 'RDFC-1.0'; format: 'application/n-quads'; rdfDirection?: 'i18n-datatype' }): Promise<string>;
  };
  export default jsonld;
}
