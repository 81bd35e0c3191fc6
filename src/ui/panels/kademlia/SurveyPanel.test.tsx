// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import KademliaPanels from './KademliaPanels';
import { SurveyPanel } from './SurveyPanel';

const points = (container: HTMLElement, chart: string) =>
  [...container.querySelectorAll(`.${chart} .series`)].map((s) => ({
    k: (s as SVGGElement).dataset.k,
    values: [...s.querySelectorAll<SVGGElement>('.point')].map((p) => [
      Number(p.dataset.nodes ?? p.dataset.failed),
      Number(p.dataset.value),
    ]),
  }));

describe('When hops have been surveyed in networks of 64 to 16,384 nodes', () => {
  const { view } = labFrames('kademlia', 'kademlia-hops-log2n').at(2);

  it('draws one point per size on a log axis, below the log2(N) reference line, with title, legend and axis labels', () => {
    const { container, getByRole } = render(<SurveyPanel view={view} />);
    expect(getByRole('heading', { level: 3, name: 'Mean hops per lookup against network size' })).toBeTruthy();
    expect(container.querySelector('.hops-chart .legend')?.textContent).toContain('log₂(N), the bound');
    expect([...container.querySelectorAll('.hops-chart .axis-title')].map((t) => t.textContent)).toEqual([
      'network size N (nodes, log scale)',
      'hops per lookup',
    ]);
    const [series] = points(container, 'hops-chart');
    expect(series.k).toBe('20');
    expect(series.values.map(([n]) => n)).toEqual([64, 256, 1024, 4096, 16384]);
    expect(series.values.map(([, h]) => h)).toEqual(view.survey.map((p) => Number(p.meanHops.toFixed(2))));
    // Each point sits below the log2(N) line: higher y in SVG coordinates.
    const line = container.querySelector('.log2-line')!;
    const [x1, x2, y1, y2] = ['x1', 'x2', 'y1', 'y2'].map((a) => Number(line.getAttribute(a)));
    for (const c of container.querySelectorAll('.hops-chart .point circle')) {
      const cx = Number(c.getAttribute('cx'));
      expect(Number(c.getAttribute('cy'))).toBeGreaterThan(y1 + ((y2 - y1) * (cx - x1)) / (x2 - x1));
    }
    expect(container.querySelector('.churn-chart')).toBeNull();
  });

  it('shows the charts alone when the scenario has no network of its own', () => {
    const { container } = render(<KademliaPanels frame={labFrames('kademlia', 'kademlia-hops-log2n').at(2)} duration={0} />);
    expect(container.querySelector('.kad-survey-panel')).not.toBeNull();
    expect(container.querySelector('.kad-xor-panel')).toBeNull();
  });

  it('draws nothing before a survey has run', () => {
    const { container } = render(<SurveyPanel view={labFrames('kademlia', 'kademlia-churn-sweep').at(0).view} />);
    expect(container.innerHTML).toBe('');
  });
});

describe('When success has been surveyed with 0% to 90% of the nodes down, for k = 20 and k = 4', () => {
  const { view } = labFrames('kademlia', 'kademlia-churn-sweep').at(2);

  it('draws one line per k, k = 20 first, success falling as more nodes are down', () => {
    const { container, getByRole } = render(<SurveyPanel view={view} />);
    expect(getByRole('heading', { level: 3, name: 'Lookup success rate against failed nodes' })).toBeTruthy();
    expect(container.querySelector('.churn-chart .legend')?.textContent).toContain('k = 20, 4,096 nodes · ■ k = 4, 4,096 nodes');
    expect([...container.querySelectorAll('.churn-chart .axis-title')].map((t) => t.textContent)).toEqual([
      'nodes down (%), nobody told',
      'target found (%)',
    ]);
    const [k20, k4] = points(container, 'churn-chart');
    expect([k20.k, k4.k]).toEqual(['20', '4']);
    expect(k20.values.map(([f]) => f)).toEqual([0, 0.1, 0.3, 0.5, 0.7, 0.9]);
    expect(k20.values.find(([f]) => f === 0.3)?.[1]).toBeGreaterThanOrEqual(0.99);
    expect(k4.values.at(-1)![1]).toBeLessThan(k20.values.at(-1)![1]);
    expect(container.querySelectorAll('.churn-chart .series-1 .point rect')).toHaveLength(6);
  });
});
