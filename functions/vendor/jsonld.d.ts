// jsonld ships no types; the verification module (JSON-LD safe mode) and the tests use only expand().
declare module 'jsonld' {
  const jsonld: {
    expand(document: object, options?: { documentLoader?: (url: string) => Promise<unknown>; safe?: boolean }): Promise<object[]>;
  };
  export default jsonld;
}
