import { type ReactNode, useRef } from 'react';

/**
 * A button that opens the file picker, and the hidden file input behind it. The input is
 * cleared once `onFile` settles, so choosing the same file again reads it again.
 */
export function FileButton({
  children,
  accept,
  inputLabel,
  onFile,
}: {
  children: ReactNode;
  /** The input's `accept`: the file types offered. */
  accept: string;
  /** The hidden input's accessible name. */
  inputLabel: string;
  onFile: (file: File) => Promise<void>;
}) {
  const fileRef = useRef<HTMLInputElement>(null);
  const read = async (file: File | undefined) => {
    if (!file) return;
    try {
      await onFile(file);
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
  };
  return (
    <>
      <button type="button" onClick={() => fileRef.current?.click()}>
        {children}
      </button>
      <input
        ref={fileRef}
        type="file"
        accept={accept}
        hidden
        aria-label={inputLabel}
        onChange={(e) => void read(e.currentTarget.files?.[0])}
      />
    </>
  );
}
