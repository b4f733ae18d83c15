/**
 * The letter in the brand mark beside the shop's name (the header, the offline page): the name's first
 * character, so a shop renamed "Lumen Keys" shows "L", not the "D" of the name it was built with.
 */
export function shopInitial(name: string): string {
  return ([...name.trim()][0] ?? '').toUpperCase();
}
