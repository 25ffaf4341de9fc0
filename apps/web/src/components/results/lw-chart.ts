"use client";

import { ColorType, createChart, CrosshairMode, type DeepPartial, type ChartOptions, type IChartApi } from "lightweight-charts";
import { useEffect, useRef, type DependencyList, type RefObject } from "react";
import { sameItems } from "./same-items";

/** Chart colours, resolved from the results CSS variables of the element the chart lives in. */
export interface ChartPalette {
  text: string;
  muted: string;
  border: string;
  grid: string;
  up: string;
  down: string;
  pos: string;
  neg: string;
  accent: string;
}

const VARS: Record<keyof ChartPalette, [string, string]> = {
  text: ["--r-text", "#e6e6e6"],
  muted: ["--r-muted", "#9aa3b2"],
  border: ["--r-border", "#262b36"],
  grid: ["--r-grid", "rgba(148, 163, 184, 0.1)"],
  up: ["--r-up", "#26a69a"],
  down: ["--r-down", "#ef5350"],
  pos: ["--r-pos", "#3fb950"],
  neg: ["--r-neg", "#f85149"],
  accent: ["--r-accent", "#58a6ff"],
};

export function readPalette(el: Element): ChartPalette {
  const style = getComputedStyle(el);
  const out = {} as ChartPalette;
  for (const [key, [name, fallback]] of Object.entries(VARS) as [keyof ChartPalette, [string, string]][]) {
    out[key] = style.getPropertyValue(name).trim() || fallback;
  }
  return out;
}

/** `#rrggbb` or `rgb(...)` with an alpha; other colour syntaxes come back unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex) {
    const n = parseInt(hex[1]!, 16);
    return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/i.exec(color);
  return rgb ? `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${alpha})` : color;
}

/** The chart options that depend on the theme (applied again when the theme changes). */
export function themeOptions(p: ChartPalette): DeepPartial<ChartOptions> {
  return {
    layout: {
      background: { type: ColorType.Solid, color: "transparent" },
      textColor: p.muted,
      fontSize: 11,
      panes: { separatorColor: p.border, separatorHoverColor: withAlpha(p.accent, 0.25) },
    },
    grid: { vertLines: { color: p.grid }, horzLines: { color: p.grid } },
    rightPriceScale: { borderColor: p.border },
    timeScale: { borderColor: p.border },
    crosshair: { vertLine: { labelBackgroundColor: p.accent }, horzLine: { labelBackgroundColor: p.accent } },
  };
}

export interface ChartBuild {
  /** Called after the theme changed and the chart options were updated. */
  onTheme?(palette: ChartPalette): void;
  dispose?(): void;
}

/**
 * Creates a lightweight-charts chart in `hostRef`, sized to its width and `height`, resized with
 * it (ResizeObserver), recoloured when `<html data-theme>` changes, and removed on unmount or when
 * `deps` change (then built again). `build` adds the series; it runs once per chart.
 */
export function useLwChart(
  hostRef: RefObject<HTMLElement | null>,
  height: number,
  build: (chart: IChartApi, palette: ChartPalette, host: HTMLElement) => ChartBuild | void,
  deps: DependencyList,
  extraOptions?: DeepPartial<ChartOptions>,
): RefObject<IChartApi | null> {
  const chartRef = useRef<IChartApi | null>(null);
  const heightRef = useRef(height);
  heightRef.current = height;

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const palette = readPalette(host);
    const chart = createChart(host, {
      width: host.clientWidth,
      height: heightRef.current,
      crosshair: { mode: CrosshairMode.Normal },
      localization: { locale: "en-US", dateFormat: "yyyy-MM-dd" },
      timeScale: { timeVisible: true, secondsVisible: false },
      ...extraOptions,
    });
    chart.applyOptions(themeOptions(palette));
    chartRef.current = chart;
    const built = build(chart, palette, host) || {};

    const resize = new ResizeObserver(() => {
      const w = host.clientWidth;
      if (w > 0) chart.resize(w, heightRef.current);
    });
    resize.observe(host);

    const themeWatch = new MutationObserver(() => {
      const p = readPalette(host);
      chart.applyOptions(themeOptions(p));
      built.onTheme?.(p);
    });
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "class"] });

    return () => {
      resize.disconnect();
      themeWatch.disconnect();
      built.dispose?.();
      chartRef.current = null;
      chart.remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  useEffect(() => {
    const chart = chartRef.current;
    const host = hostRef.current;
    if (chart && host && host.clientWidth > 0) chart.resize(host.clientWidth, height);
  }, [height, hostRef]);

  return chartRef;
}

/**
 * The same array as last render when its items are the same (see `sameItems`), so that a parent
 * passing `series={[{ label, points }]}` inline does not rebuild the chart on every render.
 */
export function useShallowStable<T extends object>(items: readonly T[]): readonly T[] {
  const ref = useRef(items);
  if (!sameItems(ref.current, items)) ref.current = items;
  return ref.current;
}
