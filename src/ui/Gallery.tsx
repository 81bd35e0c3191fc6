import { LAB_GROUPS, PRESETS, type Preset, SUBGROUPS } from '../scenarios';
import { CompareCards } from './compare/CompareCards';
import { CourseCards } from './courses/CourseCards';
import { ImportButton } from './ImportButton';

interface Props {
  /** Called with the preset a user picked. */
  onOpen(preset: Preset): void;
}

function Cards({ presets, onOpen }: { presets: readonly Preset[]; onOpen(preset: Preset): void }) {
  return (
    <ul className="cards">
      {presets.map((p) => (
        <li key={p.id}>
          <button type="button" className="card" onClick={() => onOpen(p)} data-preset={p.id} data-lab={p.scenario.lab}>
            <span className="card-title">{p.scenario.title}</span>
            <span className="card-teaser">{p.teaser}</span>
            <span className="card-tags">
              {p.tags.map((t) => (
                <span key={t} className="tag">
                  {t}
                </span>
              ))}
            </span>
            <span className="card-steps">{p.scenario.steps.length} steps</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * The first screen: presets as cards, grouped by lab, and inside a group by subgroup
 * (a sub-heading each) when its presets name one. Labs without presets yet say so.
 */
export function Gallery({ onOpen }: Props) {
  return (
    <main className="gallery" aria-labelledby="gallery-title">
      <div className="gallery-intro">
        <h1 id="gallery-title">Watch databases work, step by step</h1>
        <p>Pick a scenario. Step through it, crash it, fork it, and share the exact moment with a link.</p>
        <p className="gallery-import">
          Have a scenario file? <ImportButton label="Import a scenario…" />
        </p>
      </div>
      <CourseCards />
      {LAB_GROUPS.map((group) => {
        const presets = PRESETS.filter((p) => p.group === group.id);
        const subgroups = SUBGROUPS.filter((sg) => sg.group === group.id && presets.some((p) => p.subgroup === sg.id));
        const loose = presets.filter((p) => !subgroups.some((sg) => sg.id === p.subgroup));
        return (
          <section key={group.id} className="gallery-group" aria-labelledby={`group-${group.id}`}>
            <h2 id={`group-${group.id}`}>
              {group.title} <span className="group-blurb">{group.blurb}</span>
            </h2>
            {presets.length === 0 && <p className="group-empty">This lab is being built: its scenarios will appear here.</p>}
            {loose.length > 0 && <Cards presets={loose} onOpen={onOpen} />}
            {subgroups.map((sg) => (
              <section key={sg.id} className="gallery-subgroup" aria-labelledby={`subgroup-${sg.id}`}>
                <h3 id={`subgroup-${sg.id}`} className="left-bar">
                  {sg.title} <span className="group-blurb">{sg.blurb}</span>
                </h3>
                <Cards presets={presets.filter((p) => p.subgroup === sg.id)} onOpen={onOpen} />
              </section>
            ))}
          </section>
        );
      })}
      <CompareCards />
    </main>
  );
}
