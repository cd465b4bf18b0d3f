import { useCallback, useState } from 'react';
import type { CrewMember } from '../../shared/crew.js';
import type { Role } from '../../shared/roles.js';
import { ROLES } from '../../shared/roles.js';
import { ConfirmButton } from '../common/ConfirmButton.js';
import { ModalDialog } from '../common/ModalDialog.js';
import { useSendCommand } from '../connection/commandContext.js';
import { formatClockTime } from '../format/zonedTime.js';
import { useCanControl, useOpenDialog, useRole } from '../store/hooks.js';
import { showStore, useShowStore } from '../store/showStore.js';
import { useServerText } from '../timer/useServerText.js';
import { formatAgo, formatClockOffset, QUIET_AFTER_MS } from './crewFormat.js';
import { useQrCode } from './useQrCode.js';

const ROLE_HINTS: Record<Role, string> = {
  producer: 'the console, every command',
  backup: 'the console, every command; for the backup operator',
  mc: 'current talk, big timer, questions, signals',
  moderator: 'the question feed',
  viewer: 'the full-screen stage timer (and overlays)',
};

/** Opens the crew panel; shows how many screens are connected. */
export function CrewButton() {
  const count = useShowStore((s) => s.crew?.members.length ?? null);
  return (
    <button
      type="button"
      className="button button--small"
      data-testid="crew-button"
      onClick={() => showStore.getState().setOpenDialog('crew')}
    >
      Crew{count === null ? '' : ` · ${count}`}
    </button>
  );
}

export function CrewDialog() {
  return useOpenDialog() === 'crew' ? <CrewPanel /> : null;
}

/**
 * Who is connected (name, role, since when, clock offset, last seen), and the join link with
 * its QR code for each role. The producer can disconnect one screen (it may come back with its
 * link: that is all a kick does) or revoke a role's link (a new one is issued and every screen
 * on the old one is disconnected for good). Both ask first, and both go into the journal.
 */
function CrewPanel() {
  const crew = useShowStore((s) => s.crew);
  const canControl = useCanControl();
  const close = () => showStore.getState().setOpenDialog(null);
  return (
    <ModalDialog labelledBy="crew-heading" onClose={close} className="crew-dialog">
      <div className="editor__form">
        <h2 id="crew-heading" className="editor__heading">
          Crew
        </h2>
        {!canControl || !crew ? (
          <p className="editor__intro">Only the producer and backup screens see the crew.</p>
        ) : (
          <>
            <CrewTable members={crew.members} />
            <JoinLinks links={crew.joinLinks} />
          </>
        )}
        <div className="editor__actions">
          <button type="button" className="button" onClick={close}>
            Close
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}

function CrewTable({ members }: { members: CrewMember[] }) {
  return (
    <section aria-labelledby="crew-connected-heading">
      <h3 id="crew-connected-heading" className="crew__subheading">
        Connected now ({members.length})
      </h3>
      <table className="crew__table" data-testid="crew-table">
        <thead>
          <tr>
            <th scope="col">Screen</th>
            <th scope="col">Role</th>
            <th scope="col">Connected</th>
            <th scope="col">Clock offset</th>
            <th scope="col">Last seen</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <CrewRow key={member.clientId} member={member} />
          ))}
        </tbody>
      </table>
      <p className="crew__hint">
        Disconnect closes one screen; its link still works, so it can come back. To lock someone out, revoke
        their role’s link below.
      </p>
    </section>
  );
}

function CrewRow({ member }: { member: CrewMember }) {
  const send = useSendCommand();
  const own = useShowStore((s) => s.ownClientId === member.clientId);
  const timeZone = useShowStore((s) => s.showState?.show.timezone ?? 'UTC');
  const lastSeen = useServerText(
    useCallback((now: number) => formatAgo(member.lastSeenAt, now), [member.lastSeenAt]),
  );
  const quiet = useServerText(
    useCallback(
      (now: number) => (now - member.lastSeenAt > QUIET_AFTER_MS ? 'quiet' : ''),
      [member.lastSeenAt],
    ),
  );
  return (
    <tr
      data-testid="crew-member"
      data-role={member.role}
      data-client-id={member.clientId}
      className={quiet ? 'crew__row crew__row--quiet' : 'crew__row'}
    >
      <td>
        <span className="crew__name">{member.name}</span>
        {own ? <span className="crew__own"> (this screen)</span> : null}
        <span className="crew__address">{member.address}</span>
      </td>
      <td>
        <span className="role-badge">{member.role}</span>
      </td>
      <td data-testid="crew-since">{formatClockTime(member.connectedAt, timeZone)}</td>
      <td
        data-testid="crew-offset"
        title={member.clockRttMs === null ? undefined : `best round trip ${member.clockRttMs} ms`}
      >
        {formatClockOffset(member.clockOffsetMs)}
      </td>
      <td data-testid="crew-last-seen">{lastSeen}</td>
      <td>
        {own ? null : (
          <ConfirmButton
            small
            label="Disconnect…"
            question={`Disconnect ${member.name}?`}
            confirmLabel="Disconnect"
            groupLabel={`Confirm disconnecting ${member.name}`}
            onConfirm={() => void send({ type: 'kickClient', clientId: member.clientId })}
          />
        )}
      </td>
    </tr>
  );
}

function JoinLinks({ links }: { links: Partial<Record<Role, string>> }) {
  return (
    <section aria-labelledby="crew-links-heading">
      <h3 id="crew-links-heading" className="crew__subheading">
        Join links
      </h3>
      <p className="crew__hint">
        Each link carries its role’s secret token and every core address to try. Send it only to that person.
      </p>
      <div className="crew__links">
        {ROLES.map((role) => {
          const link = links[role];
          return link ? <JoinLinkCard key={role} role={role} link={link} /> : null;
        })}
      </div>
    </section>
  );
}

function JoinLinkCard({ role, link }: { role: Role; link: string }) {
  const send = useSendCommand();
  const ownRole = useRole();
  const qr = useQrCode(link);
  const [copied, setCopied] = useState(false);
  const copy = () => {
    navigator.clipboard.writeText(link).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className="crew__link" data-testid="join-link" data-role={role}>
      <div className="crew__link-head">
        <span className="role-badge">{role}</span>
        <span className="crew__link-hint">{ROLE_HINTS[role]}</span>
      </div>
      {qr ? (
        <img
          className="crew__qr"
          src={qr}
          alt={`QR code of the ${role} join link`}
          width={144}
          height={144}
        />
      ) : (
        <div className="crew__qr crew__qr--pending" aria-hidden="true" />
      )}
      <input
        className="input crew__link-text"
        readOnly
        value={link}
        aria-label={`${role} join link`}
        onFocus={(event) => event.currentTarget.select()}
      />
      <div className="crew__link-actions">
        <button type="button" className="button button--small" onClick={copy}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <ConfirmButton
          small
          label="Revoke…"
          question={`Revoke the ${role} link? Every ${role} screen is disconnected and needs the new link.`}
          confirmLabel="Revoke"
          groupLabel={`Confirm revoking the ${role} link`}
          disabled={role === ownRole}
          title={
            role === ownRole ? 'This screen uses this link: revoke it from the other control role' : undefined
          }
          onConfirm={() => void send({ type: 'revokeToken', role })}
        />
      </div>
    </div>
  );
}
