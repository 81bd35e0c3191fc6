// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { SurveyPanel } from './SurveyPanel';

// Slow: the survey's last step builds networks of 65,536, 262,144 and 1,000,000 nodes.
describe('When the survey reaches 1,000,000 nodes', () => {
  it('keeps the largest size labelled and leaves out labels that would overlap their neighbours', () => {
    const { view } = labFrames('kademlia', 'kademlia-hops-log2n').at(3);
    const { container } = render(<SurveyPanel view={view} />);
    const sizes = [...container.querySelectorAll<SVGGElement>('.hops-chart .series .point')].map((p) => Number(p.dataset.nodes));
    expect(sizes).toEqual([64, 256, 1024, 4096, 16384, 65536, 262144, 1_000_000]);
    const ticks = [...container.querySelectorAll<SVGTextElement>('.hops-chart .axis-tick')]
      .filter((t) => /^[\d,]+$/.test(t.textContent ?? ''))
      .map((t) => ({ at: Number(t.getAttribute('x')), text: t.textContent ?? '' }));
    expect(ticks.at(-1)?.text).toBe('1,000,000');
    expect(ticks.length).toBeLessThan(8);
    for (let i = 1; i < ticks.length; i++)
      expect(ticks[i].at - ticks[i - 1].at, `${ticks[i - 1].text} to ${ticks[i].text}`).toBeGreaterThan(
        ((ticks[i].text.length + ticks[i - 1].text.length) * 7.5) / 2,
      );
  });
});
