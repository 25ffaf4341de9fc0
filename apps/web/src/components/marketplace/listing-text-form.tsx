"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { trpc } from "@/client/trpc";
import { errorText } from "@/client/toast";
import { centsToDollarsText, LICENCE_EXPLANATIONS, LICENCE_LABELS, parseDollars, type Licence, type PriceModel } from "./listing-format";
import { parseTagList } from "./search-params";
import { previewDescription } from "./preview-description";

export interface ListingText {
  title: string;
  description: string;
  tags: string[];
  priceModel: PriceModel;
  priceCents: number;
  licence: Licence;
}

const PRICE_MODELS: Record<PriceModel, string> = { FREE: "Free", ONE_TIME: "One-time price", MONTHLY: "Monthly subscription" };

/**
 * Title, markdown description (with the server's own preview), tags, price and licence: a new
 * listing of a strategy version, or the seller's edit of one (the licence and the verified
 * figures never change after publishing).
 */
export function ListingTextForm(props: { mode: "new"; versionId: string } | { mode: "edit"; listingId: string; initial: ListingText }) {
  const router = useRouter();
  const utils = trpc.useUtils();
  const initial = props.mode === "edit" ? props.initial : null;
  const [title, setTitle] = useState(initial?.title ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [tags, setTags] = useState(initial?.tags.join(", ") ?? "");
  const [priceModel, setPriceModel] = useState<PriceModel>(initial?.priceModel ?? "ONE_TIME");
  const [price, setPrice] = useState(initial && initial.priceModel !== "FREE" ? centsToDollarsText(initial.priceCents) : "");
  const [licence, setLicence] = useState<Licence>(initial?.licence ?? "RUN_ONLY");
  const [preview, setPreview] = useState<string | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewing, startPreview] = useTransition();
  const [priceError, setPriceError] = useState<string | null>(null);

  const publish = trpc.marketplace.publish.useMutation({ onSuccess: (r) => router.push(`/marketplace/${r.id}`) });
  const update = trpc.marketplace.updateText.useMutation({
    onSuccess: (r) => { void utils.marketplace.get.invalidate({ id: r.id }); router.push(`/marketplace/${r.id}`); },
  });
  const error = publish.error ?? update.error;
  const pending = publish.isPending || update.isPending;

  const showPreview = () =>
    startPreview(async () => {
      try {
        setPreview(await previewDescription(description));
        setPreviewError(null);
      } catch (e) {
        setPreviewError(errorText(e));
      }
    });

  const submit = () => {
    let priceCents = 0;
    if (priceModel !== "FREE") {
      const parsed = parseDollars(price);
      if ("error" in parsed) return setPriceError(parsed.error);
      priceCents = parsed.cents;
    }
    setPriceError(null);
    const text = { title, description, tags: parseTagList(tags), priceModel, priceCents };
    if (props.mode === "new") publish.mutate({ strategyVersionId: props.versionId, ...text, licence });
    else update.mutate({ id: props.listingId, ...text });
  };

  return (
    <form className="listing-form card" data-testid="listing-form" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <label>
        Title
        <input name="title" required minLength={3} maxLength={120} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="EMA crossover for trending markets" />
      </label>
      <div>
        <div className="row">
          <span>Description <span className="muted">(markdown)</span></span>
          <span className="spacer" />
          <button type="button" className="ghost" onClick={showPreview} disabled={previewing}>{previewing ? "Rendering…" : "Preview"}</button>
        </div>
        <div className="grid-2">
          <textarea name="description" aria-label="Description" rows={12} maxLength={20_000} value={description} onChange={(e) => { setDescription(e.target.value); setPreview(null); }} placeholder={"## How it trades\nWhat it buys, when it sells, which markets it suits…"} />
          <div className="listing-description preview" data-testid="description-preview">
            {previewError ? <p className="error">{previewError}</p> : preview !== null ? <div dangerouslySetInnerHTML={{ __html: preview }} /> : <p className="muted">Press Preview to see the description as buyers will.</p>}
          </div>
        </div>
      </div>
      <label>
        Tags <span className="muted">(up to 8, comma separated: trend, rsi, mean-reversion)</span>
        <input name="tags" value={tags} onChange={(e) => setTags(e.target.value)} />
      </label>
      <div className="form-grid">
        <label>
          Price
          <select name="priceModel" value={priceModel} onChange={(e) => setPriceModel(e.target.value as PriceModel)}>
            {Object.entries(PRICE_MODELS).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
          </select>
        </label>
        {priceModel !== "FREE" && (
          <label>
            Amount (USD{priceModel === "MONTHLY" ? " per month" : ""})
            <input name="price" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} placeholder="25" />
          </label>
        )}
      </div>
      {priceError && <p className="error" role="alert">{priceError}</p>}
      <fieldset className="licence-picker" disabled={props.mode === "edit"}>
        <legend>Licence{props.mode === "edit" ? " (fixed once published)" : ""}</legend>
        {(Object.keys(LICENCE_LABELS) as Licence[]).map((k) => (
          <label key={k} className={`licence-option ${licence === k ? "chosen" : ""}`}>
            <input type="radio" name="licence" value={k} checked={licence === k} onChange={() => setLicence(k)} />
            <strong>{LICENCE_LABELS[k]}</strong>
            <span className="muted">{LICENCE_EXPLANATIONS[k]}</span>
          </label>
        ))}
      </fieldset>
      {props.mode === "new" && (
        <p className="muted">
          Publishing freezes this version. The platform then backtests it on its standard data set (BTC/USDT and ETH/USDT, second half of 2024, in-sample and out-of-sample);
          the listing goes on sale with those figures once that succeeds. You can change the text and price later, never the figures.
        </p>
      )}
      {error && <p className="error" role="alert" data-testid="listing-form-error">{errorText(error)}</p>}
      <div className="row">
        <button type="submit" className="primary" disabled={pending} data-testid="listing-form-submit">
          {props.mode === "new" ? (pending ? "Publishing…" : "Publish") : pending ? "Saving…" : "Save changes"}
        </button>
      </div>
    </form>
  );
}

/** The seller's edit of a listing's text and price, loaded from the listing itself. */
export function EditListing({ listingId }: { listingId: string }) {
  const listing = trpc.marketplace.get.useQuery({ id: listingId });
  if (listing.error) return <p className="error">{listing.error.message}</p>;
  if (!listing.data) return <div className="skeleton" style={{ height: 400 }} />;
  const l = listing.data;
  if (!l.access.isSeller) return <p className="error">Only the seller can edit this listing.</p>;
  return (
    <ListingTextForm
      mode="edit"
      listingId={l.id}
      initial={{ title: l.title, description: l.description, tags: l.tags, priceModel: l.priceModel, priceCents: l.priceCents, licence: l.licence }}
    />
  );
}
