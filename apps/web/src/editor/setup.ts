import { registerFreqtradeLanguage } from "./freqtrade-language";
import { defineThemes, type MonacoApi } from "./themes";

export { themeName, DARK_THEME, LIGHT_THEME } from "./themes";

/** Everything the IDE adds to Monaco: Freqtrade completions and hovers, the two themes. Safe to call on every mount. */
export function setupMonaco(monaco: MonacoApi): void {
  registerFreqtradeLanguage(monaco);
  defineThemes(monaco);
}
