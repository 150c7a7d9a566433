import type { HostServices } from '../../../../src/extensions/hostServices';
import { useStore } from '../../../../src/app/useStore';
import { errorMessage } from '../../../../src/util/errorMessage';
import type { IronDrawings } from '../ironDrawings';
import type { IronStore } from '../rules/ironStore';
import { IronOrganPicker } from './IronOrganPicker';
import { IronSection } from './IronSection';

/** The panel's iron part: the organ picker of an ellipse just drawn, and the Iron section. */
export function IronPanelPart({ services, iron, drawings }: { services: HostServices; iron: IronStore; drawings: IronDrawings }) {
  useStore(iron);
  useStore(drawings);
  const run = (name: string, args: Record<string, unknown> = {}): void => {
    services.commands.run(name, args).catch((error: unknown) => services.notifications.show('error', errorMessage(error)));
  };
  const pending = drawings.pending;
  return (
    <>
      {pending && (
        <IronOrganPicker
          key={pending.annotationUID}
          model={drawings.model}
          onChoose={(organ, model) => run('emh.chooseIronOrgan', { organ, model })}
          onDiscard={() => run('emh.discardIronRoi')}
        />
      )}
      {iron.rois().length > 0 && (
        <IronSection
          iron={iron.inventory()}
          calibration={iron.calibration()}
          onCalibration={(calibration) => run('emh.setIronCalibration', { calibration })}
          onRemove={(id) => run('emh.removeIronRoi', { id })}
          onShow={(id) => run('emh.showIronRoi', { id })}
        />
      )}
    </>
  );
}
