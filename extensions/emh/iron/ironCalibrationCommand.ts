import type { HostServices } from '../../../src/extensions/hostServices';
import type { CommandDefinition } from '../../../src/extensions/types';
import { LIC_CALIBRATIONS, type LicCalibration } from './rules/ironGrades';
import type { IronStore } from './rules/ironStore';

export function isLicCalibration(value: unknown): value is LicCalibration {
  return typeof value === 'string' && Object.hasOwn(LIC_CALIBRATIONS, value);
}

/**
 * `emh.setIronCalibration`: which published calibration turns the active patient's liver R2*
 * into LIC. It is the patient's choice, kept with their case (autosave), not a viewer setting:
 * a report must not change its LIC because another patient was read with the other one.
 */
export function ironCalibrationCommands(services: HostServices, iron: IronStore): CommandDefinition[] {
  return [
    {
      name: 'emh.setIronCalibration',
      description: `LIC calibration of the active patient's liver R2*: {calibration: ${Object.keys(LIC_CALIBRATIONS)
        .map((id) => `"${id}"`)
        .join(' | ')}}; returns the iron inventory`,
      run: (args) => {
        const { calibration } = args;
        if (!isLicCalibration(calibration)) {
          throw new Error(
            `"calibration" must be ${Object.keys(LIC_CALIBRATIONS)
              .map((id) => `"${id}"`)
              .join(' or ')}`,
          );
        }
        const patientKey = services.data.activePatientKey();
        if (!patientKey) throw new Error('No patient is open');
        iron.setCalibration(patientKey, calibration);
        return iron.inventory();
      },
    },
  ];
}
