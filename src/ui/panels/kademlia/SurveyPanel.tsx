import type { View } from '../../../engine/kademlia/view';
import { Panel } from '../../components/Panel';
import { ChurnChart, churnSeries, HopsChart, hopSeries } from './SurveyCharts';

/**
 * What the survey steps measured on separate networks: how lookups scale with N (hops against
 * log2 N) and how they survive failures (success against the share of nodes down).
 */
export function SurveyPanel({ view }: { view: View }) {
  const hops = hopSeries(view.survey);
  const churn = churnSeries(view.survey);
  if (hops.length === 0 && churn.length === 0) return null;
  return (
    <Panel
      name="survey"
      title="Survey: lookups across network sizes and failures"
      legend={`Each point: a separate settled network (α = ${view.config.alpha}), random lookups between live nodes. Hover a point for its numbers.`}
      touchedBy={['network.surveyed']}
      className="kad-survey-panel"
    >
      <div className="survey-charts">
        {hops.length > 0 && <HopsChart series={hops} />}
        {churn.length > 0 && <ChurnChart series={churn} />}
      </div>
    </Panel>
  );
}
