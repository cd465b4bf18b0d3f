import { useRef } from 'react';
import { SHOW_CONTROL_ROLES } from '../../shared/roles.js';
import { saveResponse, useCoreFetch } from '../connection/coreDownload.js';
import { useRole } from '../store/hooks.js';
import { showStore, useShowStore } from '../store/showStore.js';

interface ExportFile {
  label: string;
  path: string;
  fallbackName: string;
}

const REPORT_FILES: ExportFile[] = [
  { label: 'Report (CSV)', path: '/api/report.csv', fallbackName: 'report.csv' },
  { label: 'Report (Markdown)', path: '/api/report.md', fallbackName: 'report.md' },
  { label: 'Report (JSON)', path: '/api/report.json', fallbackName: 'report.json' },
  { label: 'Report (Excel)', path: '/api/report.xlsx', fallbackName: 'report.xlsx' },
  { label: 'Rundown (Excel)', path: '/api/rundown.xlsx', fallbackName: 'rundown.xlsx' },
  { label: 'Questions for speakers (CSV)', path: '/api/questions.csv', fallbackName: 'questions.csv' },
];

/** One chapter list per time the stream went live: each is its own video on YouTube. */
function chapterFiles(runs: number): ExportFile[] {
  if (runs <= 1)
    return [{ label: 'YouTube chapters', path: '/api/chapters.txt', fallbackName: 'chapters.txt' }];
  return Array.from({ length: runs }, (_, i) => ({
    label: `YouTube chapters, stream ${i + 1}`,
    path: `/api/chapters.txt?run=${i + 1}`,
    fallbackName: `chapters-${i + 1}.txt`,
  }));
}

/**
 * "Export report": downloads the core's report files with this screen's token. A refusal
 * (no chapters before the stream went live) is shown as the core words it.
 */
export function ReportExportMenu() {
  const role = useRole();
  const runs = useShowStore((s) => s.showState?.streamRuns?.length ?? 0);
  const fetchFromCore = useCoreFetch();
  const menu = useRef<HTMLDetailsElement>(null);
  if (!role || !SHOW_CONTROL_ROLES.includes(role) || !fetchFromCore) return null;

  const download = async (file: ExportFile) => {
    if (menu.current) menu.current.open = false;
    const { pushToast } = showStore.getState();
    try {
      const response = await fetchFromCore(file.path);
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        pushToast({
          kind: 'error',
          title: `${file.label}: not exported (${response.status})`,
          text: body?.error ?? response.statusText,
        });
        return;
      }
      await saveResponse(response, file.fallbackName);
    } catch (error) {
      pushToast({ kind: 'error', title: `${file.label}: not exported`, text: String(error) });
    }
  };

  return (
    <details className="export-menu" ref={menu}>
      {/* No focus on click: Space must stay the pause key, not reopen this menu. */}
      <summary className="button button--small" onMouseDown={(event) => event.preventDefault()}>
        Export report
      </summary>
      <div className="export-menu__list" role="menu">
        {[...REPORT_FILES, ...chapterFiles(runs)].map((file) => (
          <button
            key={file.path}
            type="button"
            role="menuitem"
            className="export-menu__item"
            onClick={() => void download(file)}
          >
            {file.label}
          </button>
        ))}
      </div>
    </details>
  );
}
