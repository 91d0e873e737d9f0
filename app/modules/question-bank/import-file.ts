/** Which import format a file is (pure): by its first bytes, then by its name. */
export type ImportFormat = "xlsx" | "csv" | "gift";

export function detectImportFormat(fileName: string, bytes: Uint8Array): ImportFormat | null {
  const name = fileName.toLowerCase();
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (isZip) return name.endsWith(".xlsx") || !/\.(csv|gift|txt)$/.test(name) ? "xlsx" : null;
  if (name.endsWith(".csv")) return "csv";
  if (name.endsWith(".gift") || name.endsWith(".txt")) return "gift";
  return null;
}
