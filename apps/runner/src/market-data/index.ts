export * from "./candles.js";
export * from "./feather.js";
export * from "./generate.js";
export * from "./resample.js";
export * from "./csv-import.js";
export * from "./data-store.js";
export * from "./markets-metadata.js";
