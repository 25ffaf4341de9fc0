import { extract } from "tar-stream";
import { Readable } from "node:stream";

/** Reads an uncompressed tar into memory (the sandbox output is size-capped before this). */
export async function untar(buffer: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  if (buffer.length === 0) return files;
  const ex = extract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => chunks.push(c as Buffer));
      stream.on("end", () => {
        if (header.type === "file") files.set(header.name.replace(/^\.\//, ""), Buffer.concat(chunks));
        next();
      });
      stream.resume();
    });
    ex.on("finish", resolve);
    ex.on("error", reject);
  });
  Readable.from([buffer]).pipe(ex);
  await done;
  return files;
}
