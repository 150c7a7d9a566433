import { useSyncExternalStore } from 'react';
import { seriesInfoFromHeader } from '../../extensions/emh/annotations/seriesFacts';
import { seriesOfDisplaySet, type OhifSeries } from '../rules/ohifSeries';
import type { OhifDisplaySetService } from '../ohifTypes';

interface Props {
  displaySets: OhifDisplaySetService;
}

/**
 * The display sets as OHIF holds them now, for useSyncExternalStore: a new array only when
 * OHIF said they changed. One per display set service, made outside React so that
 * subscribe and snapshot keep their identity across renders.
 */
class OhifSeriesStore {
  private version = 0;
  private seen = -1;
  private series: OhifSeries[] = [];

  constructor(private readonly displaySets: OhifDisplaySetService) {}

  readonly subscribe = (changed: () => void): (() => void) => {
    const subscriptions = ['DISPLAY_SETS_ADDED', 'DISPLAY_SETS_CHANGED', 'DISPLAY_SETS_REMOVED']
      .map((name) => this.displaySets.EVENTS[name])
      .filter((event): event is string => typeof event === 'string')
      .map((event) =>
        this.displaySets.subscribe(event, () => {
          this.version += 1;
          changed();
        }),
      );
    return () => subscriptions.forEach((s) => s.unsubscribe());
  };

  readonly snapshot = (): OhifSeries[] => {
    if (this.seen !== this.version) {
      this.seen = this.version;
      this.series = this.displaySets
        .getActiveDisplaySets()
        .map(seriesOfDisplaySet)
        .filter((s): s is OhifSeries => s !== null);
    }
    return this.series;
  };
}

const stores = new WeakMap<OhifDisplaySetService, OhifSeriesStore>();

function useOhifSeries(displaySets: OhifDisplaySetService): OhifSeries[] {
  let store = stores.get(displaySets);
  if (!store) {
    store = new OhifSeriesStore(displaySets);
    stores.set(displaySets, store);
  }
  return useSyncExternalStore(store.subscribe, store.snapshot);
}

/** What our rules read from the series: MR weighting, CT contrast phase. */
function seriesLabel(series: OhifSeries): string {
  const info = seriesInfoFromHeader(series.headers[0]);
  if (info.modality === 'MR') return info.weighting === 'unknown' ? 'MR, weighting unknown' : `MR ${info.weighting}`;
  if (info.modality === 'CT') return info.contrast === 'unknown' ? 'CT, contrast unknown' : `CT, ${info.contrast}`;
  return info.modality;
}

/**
 * The EMH panel in OHIF, as far as the OHIF host goes today: the open series as our extension
 * sees them (weighting, contrast), from OHIF's display sets.
 */
export function WorkupPanel({ displaySets }: Props) {
  const series = useOhifSeries(displaySets);
  return (
    <section className="emh-ohif-workup" data-testid="emh-ohif-panel">
      <h2>EMH work-up</h2>
      <ul className="emh-ohif-series">
        {series.map((s) => (
          <li key={s.displaySetInstanceUID} data-series={s.seriesInstanceUID}>
            <span className="emh-ohif-series-name">
              {s.seriesNumber ?? ''} {s.description || s.modality}
            </span>{' '}
            <span className="emh-ohif-series-label">{seriesLabel(s)}</span>{' '}
            <span className="emh-ohif-series-count">{s.imageIds.length} images</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
