"use client";

import { useId, type ReactNode } from "react";
import styles from "./results.module.css";

/** A titled results table, or a line saying there is nothing to show. */
export function TableSection(props: { title: string; testId: string; emptyText: string | null; children: ReactNode }) {
  const id = useId();
  return (
    <section className={styles.theme} aria-labelledby={id} data-testid={props.testId}>
      <h3 id={id} className={styles.sectionTitle}>{props.title}</h3>
      <div className={styles.tableWrap}>
        {props.emptyText !== null ? <p className={styles.empty}>{props.emptyText}</p> : <table className={styles.table}>{props.children}</table>}
      </div>
    </section>
  );
}
