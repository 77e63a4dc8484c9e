// A tiny stand-in for lib.d.ts: enough for signatures to type-check, ~1/10 of the cost of the real libs.
export const LIB_FILE = "/__dk__/lib.d.ts";

export const LIB_SOURCE = `
interface Array<T> { length: number; [n: number]: T; }
interface ReadonlyArray<T> { readonly length: number; readonly [n: number]: T; }
interface Boolean {}
interface CallableFunction {}
interface Function {}
interface IArguments {}
interface NewableFunction {}
interface Number {}
interface Object {}
interface RegExp {}
interface String {}
interface Symbol {}
interface TemplateStringsArray extends ReadonlyArray<string> { readonly raw: readonly string[]; }
interface PromiseLike<T> {
  then<A = T, B = never>(
    ok?: (value: T) => A | PromiseLike<A>,
    bad?: (reason: any) => B | PromiseLike<B>,
  ): PromiseLike<A | B>;
}
interface Promise<T> {
  then<A = T, B = never>(
    ok?: (value: T) => A | PromiseLike<A>,
    bad?: (reason: any) => B | PromiseLike<B>,
  ): Promise<A | B>;
}
type Awaited<T> = T extends PromiseLike<infer U> ? Awaited<U> : T;
type Partial<T> = { [P in keyof T]?: T[P] };
type Required<T> = { [P in keyof T]-?: T[P] };
type Readonly<T> = { readonly [P in keyof T]: T[P] };
type Pick<T, K extends keyof T> = { [P in K]: T[P] };
type Record<K extends keyof any, T> = { [P in K]: T };
type Exclude<T, U> = T extends U ? never : T;
type Extract<T, U> = T extends U ? T : never;
type Omit<T, K extends keyof any> = Pick<T, Exclude<keyof T, K>>;
type NonNullable<T> = T & {};
type Parameters<T extends (...args: any) => any> = T extends (...args: infer P) => any ? P : never;
`;
