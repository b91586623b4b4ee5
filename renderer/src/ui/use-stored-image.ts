import { useEffect, useState } from 'react';
import { hostClient } from '../host/host-client';

/** A stored picture as a data URL for an <img>, or null while loading or when not on this machine. */
export const useStoredImage = (ref: string | undefined): string | null => {
  // Kept with the ref it belongs to, so a new ref shows nothing until its own bytes arrive.
  const [loaded, setLoaded] = useState<{ ref: string; url: string } | null>(null);
  useEffect(() => {
    if (!ref) return;
    let current = true;
    void hostClient.call('files.read', { ref }).then((result) => {
      if (current && result.ok) {
        setLoaded({ ref, url: `data:${result.value.mimeType};base64,${result.value.dataBase64}` });
      }
    });
    return () => {
      current = false;
    };
  }, [ref]);
  return loaded && loaded.ref === ref ? loaded.url : null;
};
