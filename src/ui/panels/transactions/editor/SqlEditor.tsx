import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { PostgreSQL, sql } from '@codemirror/lang-sql';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, keymap, placeholder as placeholderExt, WidgetType } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { useEffect, useMemo, useRef } from 'react';

/**
 * SQL colours as CSS variables (editor.css sets them for light and dark with text contrast of
 * at least 4.5:1); CodeMirror's default style is tuned for a white background only.
 */
const sqlHighlight = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--cm-keyword)', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--cm-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--cm-number)' },
  { tag: [tags.lineComment, tags.blockComment], color: 'var(--cm-comment)', fontStyle: 'italic' },
  { tag: [tags.typeName, tags.standard(tags.name)], color: 'var(--cm-type)' },
  { tag: [tags.operator, tags.punctuation], color: 'var(--muted)' },
]);

const theme = EditorView.theme({
  '&': { fontSize: '0.86rem', backgroundColor: 'var(--surface)', color: 'var(--text)' },
  '.cm-content': { fontFamily: 'var(--mono)', padding: '0.25rem 0', caretColor: 'var(--text)' },
  '.cm-line': { padding: '0 0.4rem' },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '1px' },
  '.cm-placeholder': { color: 'var(--muted)' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--inflight-bg)' },
});

/** An error to show in the text: the span it names is underlined, its message sits under that line. */
export interface Marked {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** The message under the line, as a block between that line and the next. */
class MessageWidget extends WidgetType {
  constructor(readonly text: string) {
    super();
  }
  override eq(other: MessageWidget) {
    return other.text === this.text;
  }
  override toDOM() {
    const el = document.createElement('div');
    el.className = 'cm-sql-error-msg';
    // Not part of the text: screen readers hear it as the editor's description instead.
    el.setAttribute('aria-hidden', 'true');
    el.textContent = `⚠ ${this.text}`;
    return el;
  }
}

const setMarked = StateEffect.define<Marked | null>();

/** The marked error's decorations, mapped through edits until a new mark (or none) arrives. */
const markedField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setMarked)) continue;
      const m = e.value;
      if (!m) {
        next = Decoration.none;
        continue;
      }
      const doc = tr.state.doc;
      const from = Math.min(m.from, doc.length);
      // "at end of input" names no token: underline the last character before it.
      const to = Math.min(Math.max(m.to, from + 1), doc.length);
      const start = to > from ? from : Math.max(0, from - 1);
      const line = doc.lineAt(from);
      next = Decoration.set([
        ...(to > start ? [Decoration.mark({ class: 'cm-sql-error' }).range(start, to)] : []),
        Decoration.widget({ widget: new MessageWidget(m.text), block: true, side: 1 }).range(line.to),
      ]);
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export interface SqlEditorProps {
  readonly value: string;
  readonly onChange: (sql: string) => void;
  /** The accessible name of the editing area. */
  readonly label: string;
  readonly placeholder?: string;
  readonly autoFocus?: boolean;
  readonly invalid?: boolean;
  /** Id of the element describing a problem with this SQL. */
  readonly describedBy?: string;
  /** Ctrl+Enter (⌘+Enter on a Mac). */
  readonly onSubmit?: () => void;
  /** PostgreSQL's error for this SQL, shown at the place it names. */
  readonly marked?: Marked | null;
}

/**
 * A CodeMirror 6 editor with PostgreSQL's SQL dialect highlighted. Tab is left to the browser
 * (it moves focus on, as everywhere else on the page); Mod-z undoes, Mod-Enter submits.
 */
export function SqlEditor({
  value,
  onChange,
  label,
  placeholder,
  autoFocus,
  invalid,
  describedBy,
  onSubmit,
  marked = null,
}: SqlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  const submit = useRef(onSubmit);
  submit.current = onSubmit;
  const attrs = useRef(new Compartment());
  const attributes = useMemo(
    (): Record<string, string> => ({
      'aria-label': label,
      ...(invalid ? { 'aria-invalid': 'true' } : {}),
      ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    }),
    [label, invalid, describedBy],
  );
  // What the editor is created with, once; later changes reach it through the effects below.
  const initial = useRef({ value, placeholder, autoFocus, attributes });

  useEffect(() => {
    const init = initial.current;
    const parent = host.current;
    if (!parent) return;
    const v = new EditorView({
      parent,
      state: EditorState.create({
        doc: init.value,
        extensions: [
          history(),
          keymap.of([
            { key: 'Mod-Enter', run: () => (submit.current ? (submit.current(), true) : false) },
            ...defaultKeymap,
            ...historyKeymap,
          ]),
          sql({ dialect: PostgreSQL, upperCaseKeywords: true }),
          syntaxHighlighting(sqlHighlight),
          EditorView.lineWrapping,
          markedField,
          theme,
          attrs.current.of(EditorView.contentAttributes.of(init.attributes)),
          placeholderExt(init.placeholder ?? ''),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    if (init.autoFocus) v.focus();
    return () => {
      v.destroy();
      view.current = null;
    };
  }, []);

  // A value from outside (a reset, an import) replaces the text; typing round-trips unchanged.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: attrs.current.reconfigure(EditorView.contentAttributes.of(attributes)) });
  }, [attributes]);

  // After the value effect above, so the mark's offsets are those of the text it was found in.
  const markKey = marked ? `${marked.from}:${marked.to}:${marked.text}` : '';
  const mark = useRef(marked);
  mark.current = marked;
  useEffect(() => {
    view.current?.dispatch({ effects: setMarked.of(mark.current) });
  }, [markKey, value]);

  return <div ref={host} className={invalid ? 'txn-sql invalid' : 'txn-sql'} />;
}
