import { requireUser } from "@/server/auth/current-user";
import { SellerDashboard } from "@/components/marketplace/seller-dashboard";

export default async function SellPage() {
  await requireUser("/marketplace/sell");
  return <SellerDashboard />;
}
