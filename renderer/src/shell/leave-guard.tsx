import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useEffect } from 'react';

/**
 * Warns before leaving a screen whose work is not where the person thinks it is: typing not saved
 * yet, or text kept only on this machine (a report field over its limit). A screen says why with
 * `useLeaveGuard(reason)`; the shell asks before following a link or `navigate`, and the browser
 * asks before a reload or closing the tab.
 */
const reasons = new Map<symbol, string>();

/** Why leaving now deserves a question, or null. */
export const leaveReason = (): string | null => reasons.values().next().value ?? null;

/**
 * In the desktop app a `beforeunload` that objects cancels closing the window without asking,
 * unless the main process answers `will-prevent-unload` with a dialog of its own; until it does,
 * only browser mode asks (the desktop app still saves every keystroke after ~0.6 s).
 */
const asksBeforeUnload = (): boolean => window.mmmHost === undefined;

export const useLeaveGuard = (reason: string | null): void => {
  useEffect(() => {
    if (reason === null) return undefined;
    const key = Symbol('leave-guard');
    reasons.set(key, reason);
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!asksBeforeUnload()) return;
      // Chromium asks on preventDefault alone (Electron's Chromium and browser mode's alike).
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      reasons.delete(key);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [reason]);
};

/** Goes on at once when nothing is at stake, else after the person confirms. */
export const confirmLeaving = (go: () => void): void => {
  const reason = leaveReason();
  if (reason === null) {
    go();
    return;
  }
  modals.openConfirmModal({
    title: 'Leave this screen?',
    children: <Text size="sm">{reason}</Text>,
    labels: { confirm: 'Leave', cancel: 'Stay' },
    onConfirm: go,
  });
};
