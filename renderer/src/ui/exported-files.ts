import type { ExportedFile } from '../../../shared/contract';

/**
 * What the renderer does with a PDF the core rendered: offer it as a download (Save as PDF), or
 * open it in the browser's own PDF viewer (browser mode's Print: the viewer prints and saves).
 */
/** Bytes a screen offers as a download: a rendered PDF, an uploaded file. */
type Bytes = Pick<ExportedFile, 'fileName' | 'mimeType' | 'dataBase64'>;

const blobUrl = (file: Bytes): string => {
  const bytes = Uint8Array.from(atob(file.dataBase64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
};

export const downloadFile = (file: Bytes): void => {
  const url = blobUrl(file);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = file.fileName;
  anchor.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
};

/**
 * A tab opened at the click (a window opened after the PDF is rendered would be blocked as a
 * pop-up), then pointed at the PDF; null where the browser refused to open one.
 */
export const openViewerTab = (): Window | null => window.open('', '_blank');

export const showInViewer = (tab: Window | null, file: ExportedFile): void => {
  const url = blobUrl(file);
  if (tab && !tab.closed) tab.location.href = url;
  else downloadFile(file);
};
