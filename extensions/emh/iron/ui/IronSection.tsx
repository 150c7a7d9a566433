import { LIC_CALIBRATIONS, type LicCalibration } from '../rules/ironGrades';
import type { IronInventory, IronRoiJson } from '../rules/ironReport';
import { DecayPlot } from './DecayPlot';
import { PanelSection } from '../../shared/ui/PanelSection';

const f1 = (value: number | null): string => (value === null || !Number.isFinite(value) ? '—' : value.toFixed(1));

/** Which noise the Rician correction used: `, σ 12.0 from air`, `, σ 12.0 given`, `, no σ`. */
const noiseNote = ({ noiseSigma, noiseSource }: IronRoiJson): string =>
  noiseSource === undefined
    ? ''
    : noiseSource === 'none'
      ? ', no σ'
      : `, σ ${f1(noiseSigma ?? null)} ${noiseSource === 'air' ? 'from air' : 'given'}`;

interface RoiActions {
  onRemove: (id: string) => void;
  /** Shows the echo the ROI was drawn on. */
  onShow?: (id: string) => void;
}

function RoiRow({ roi, onRemove, onShow }: { roi: IronRoiJson } & RoiActions) {
  return (
    <div className="emh-iron-roi" data-testid="iron-roi" data-roi={roi.id} data-organ={roi.organ}>
      <div>
        <strong>{roi.id}</strong> {roi.organ}: R2* {f1(roi.r2starHz)} Hz, T2* {f1(roi.t2starMs)} ms, R² {roi.rSquared.toFixed(3)},{' '}
        {roi.echoesUsed}/{roi.echoTimesMs.length} echoes ({roi.model}){noiseNote(roi)}
        {onShow && (
          <button data-testid="iron-roi-show" title="Show the echo this ROI was drawn on" onClick={() => onShow(roi.id)}>
            Show
          </button>
        )}
        <button data-testid="iron-roi-delete" title="Delete this iron ROI" onClick={() => onRemove(roi.id)}>
          ×
        </button>
      </div>
      <DecayPlot echoTimesMs={roi.echoTimesMs} meanSignal={roi.meanSignal} fit={roi} />
    </div>
  );
}

const CALIBRATIONS = Object.values(LIC_CALIBRATIONS);

/**
 * The published calibration LIC is computed with, the patient's choice; it reads as the line
 * naming the calibration until hovered. Offered whenever there is a liver ROI, also when there is
 * no LIC (at 3 T): the choice is kept, and the reason above says why there is no number.
 */
function CalibrationChoice({ value, onChange }: { value: LicCalibration; onChange: (calibration: LicCalibration) => void }) {
  return (
    <div className="emh-iron-note">
      <select
        className="emh-quiet-select"
        data-testid="iron-calibration"
        aria-label="LIC calibration"
        title="The calibration LIC is computed with (this patient's case)"
        value={value}
        onChange={(event) => {
          const chosen = CALIBRATIONS.find((c) => c.id === event.target.value);
          if (chosen) onChange(chosen.id);
        }}
      >
        {CALIBRATIONS.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface IronSectionProps extends RoiActions {
  readonly iron: IronInventory;
  /** The patient's chosen calibration (the liver's `calibration` is null when there is no LIC). */
  readonly calibration: LicCalibration;
  readonly onCalibration: (calibration: LicCalibration) => void;
}

/** Liver R2*, T2*, LIC and grade; heart T2* and grade; then each ROI with its decay. */
export function IronSection({ iron, calibration, onCalibration, onRemove, onShow }: IronSectionProps) {
  const { liver, heart } = iron;
  const rois = [...liver.rois, ...heart.rois, ...iron.other];
  return (
    <PanelSection title="Iron (T2* MRI)" summary={`${rois.length} ROI${rois.length === 1 ? '' : 's'}`} testId="iron-section">
      {liver.rois.length > 0 && (
        <div data-testid="iron-liver">
          Liver: R2* {f1(liver.r2starHz)} Hz, T2* {f1(liver.t2starMs)} ms
          {liver.licMgFeG !== null ? (
            <>
              , LIC <strong>{f1(liver.licMgFeG)} mg Fe/g</strong> ({liver.grade})
            </>
          ) : (
            <div className="emh-iron-note">{liver.reason}</div>
          )}
          <CalibrationChoice value={calibration} onChange={onCalibration} />
        </div>
      )}
      {heart.rois.length > 0 && (
        <div data-testid="iron-heart">
          Heart (septum): T2* <strong>{f1(heart.t2starMs)} ms</strong>
          {heart.grade !== null ? ` (${heart.grade})` : ''}, R2* {f1(heart.r2starHz)} Hz
          {heart.reason && <div className="emh-iron-note">{heart.reason}</div>}
        </div>
      )}
      {rois.map((roi) => (
        <RoiRow key={roi.id} roi={roi} onRemove={onRemove} {...(onShow ? { onShow } : {})} />
      ))}
    </PanelSection>
  );
}
