/** `--name value` pairs; anything else, or a name given twice, is a usage error. */
export function namedArguments(args: string[], names: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]?.replace(/^--/, '');
    if (
      !args[i]?.startsWith('--') ||
      !names.includes(name) ||
      name in values ||
      i + 1 >= args.length
    )
      throw new Error(`Usage: ${names.map((n) => `--${n} VALUE`).join(' ')}`);
    values[name] = args[i + 1];
  }
  return values;
}
