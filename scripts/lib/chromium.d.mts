export const CHROMIUM: string;
export function ensureChromium(purpose: string): void;
