import t from 'tap';
import { diffTrackedState, type TrackedState } from '../../src/domain/tender.js';

const state = (overrides: Partial<TrackedState> = {}): TrackedState => ({
  title: 'Renovering af tag',
  description: '',
  status: 'planned',
  workType: 'renovation',
  contractType: 'works',
  propertyId: null,
  propertyName: 'Rådhuset',
  propertyAddress: null,
  propertyPostalCode: null,
  propertyCity: null,
  propertyLat: null,
  propertyLon: null,
  estimatedValueDkk: 1000000,
  cpvCodes: ['45261000-4'],
  expectedPublication: '2027-Q2',
  tenderDeadline: null,
  expectedContractStart: null,
  platformUrl: null,
  referenceNumber: null,
  requirements: ['LAB-ILO94'],
  contactName: null,
  contactEmail: null,
  contactPhone: null,
  cancellationReason: null,
  ...overrides,
});

t.test('an identical state has no changes', async (t) => {
  t.same(diffTrackedState(state(), state()), []);
});

t.test('exactly the fields that changed, with old and new values', async (t) => {
  const changes = diffTrackedState(
    state(),
    state({ tenderDeadline: '2027-01-15T11:00:00.000Z', estimatedValueDkk: 1200000, requirements: ['LAB-ILO94', 'LAB-CHAIN'] }),
  );
  t.same(changes, [
    { field: 'estimatedValueDkk', old: 1000000, new: 1200000 },
    { field: 'tenderDeadline', old: null, new: '2027-01-15T11:00:00.000Z' },
    { field: 'requirements', old: ['LAB-ILO94'], new: ['LAB-ILO94', 'LAB-CHAIN'] },
  ]);
});

t.test('a status change is a change like any other', async (t) => {
  t.same(diffTrackedState(state(), state({ status: 'published' })), [{ field: 'status', old: 'planned', new: 'published' }]);
});
