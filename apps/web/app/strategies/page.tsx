import { requireUser } from "@/server/auth/current-user";
import { StrategyList } from "@/components/strategy/strategy-list";

export default async function StrategiesPage() {
  await requireUser("/strategies");
  return <StrategyList />;
}
