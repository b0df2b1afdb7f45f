/** Values kept by key up to a number of bytes, the least recently used dropped first. */
export class KeptWords<V extends { byteLength: number }> {
  private readonly values = new Map<string, V>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** Whether a value is kept, without counting as a use. */
  has(key: string): boolean {
    return this.values.has(key);
  }

  get(key: string): V | undefined {
    const value = this.values.get(key);
    if (value) {
      this.values.delete(key);
      this.values.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    const old = this.values.get(key);
    if (old) this.bytes -= old.byteLength + key.length * 2;
    this.values.set(key, value);
    this.bytes += value.byteLength + key.length * 2;
    for (const [oldKey, oldValue] of this.values) {
      if (this.bytes <= this.maxBytes) break;
      this.values.delete(oldKey);
      this.bytes -= oldValue.byteLength + oldKey.length * 2;
    }
  }

  clear(): void {
    this.values.clear();
    this.bytes = 0;
  }
}
