import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCrisisNormalizer, readNormalizationSources } from '../../src/domain/safety/crisisNormalizer.js';
import { crisisNormalizer } from '../../src/domain/safety/crisisDetector.js';
import { CRISIS_KINDS } from '../../src/domain/safety/crisisKind.js';
import { loadRiskDetector } from '../../src/domain/safety/riskTopics.js';
import { createSafetyModel, loadSafetyModel, readSafetyModelFile } from '../../src/domain/safety/safetyModel.js';
import { SAFETY_CLASSES, SafetyModelError } from '../../src/domain/safety/safetyModelFile.js';
import { buildModelFile, prepare } from '../../scripts/safety/pipeline.js';
import { trainingHash } from '../../scripts/safety/trainingHash.js';
import { parseTrainingFile, readTrainingConfig, readTrainingFiles, TrainingDataError, type TrainingExample } from '../../scripts/safety/trainingData.js';
import { fromRoot } from '../../src/paths.js';

/**
 * The safety classifier's file and training (issue #15): the committed model is the one
 * the committed data makes, training is deterministic, bad training data is refused with
 * where it is wrong, and the model stays quiet where the project already fixed a false alarm.
 */

const NOT_NONE = SAFETY_CLASSES.filter((c) => c !== 'none');
const CRISIS = [...CRISIS_KINDS];
const key = (t: string): string => t.trim().toLowerCase().replace(/\s+/g, ' ');
const holdout = JSON.parse(readFileSync(fromRoot('test/eval/crisis-holdout.json'), 'utf8')) as { crisis: Array<{ text: string }>; nonCrisis: Array<{ text: string }> };
const held = new Set([...holdout.crisis, ...holdout.nonCrisis].map((i) => key(i.text)));

describe('safety classifier: model file and training', () => {
  const file = readSafetyModelFile();

  it('is not stale: data/safety-model.json was trained from the data/safety-training/ files as they are (else: npm run train:safety)', () => {
    expect(file.trainedOn, 'data/safety-model.json is stale: run npm run train:safety and commit the model').to.equal(trainingHash());
  });

  it('stays under 1.5 MB, with thresholds chosen for every class', () => {
    expect(readFileSync(fromRoot('data/safety-model.json')).length).to.be.below(1.5 * 1024 * 1024);
    for (const label of NOT_NONE) expect(file.thresholds[label], label).to.be.within(0.3, 1);
  });

  it('is what training makes from the committed data, weight for weight (same data, same model)', function () {
    this.timeout(180_000);
    const config = readTrainingConfig();
    const { normalization, fuzzy } = readNormalizationSources();
    const { prepared } = prepare(readTrainingFiles(), createCrisisNormalizer(normalization, fuzzy), config);
    const again = buildModelFile(prepared, config, { trainedOn: file.trainedOn });
    expect(again.weights.scale).to.equal(file.weights.scale);
    expect(again.weights.bias).to.deep.equal(file.weights.bias);
    expect(again.weights.buckets === file.weights.buckets && again.weights.rows === file.weights.rows, 'the packed weights differ').to.equal(true);
  });

  it('trains deterministically: two runs on the same examples give the same weights and the same probabilities', function () {
    this.timeout(60_000);
    const config = { ...readTrainingConfig(), epochs: 4 };
    const examples = readTrainingFiles().filter((_, i) => i % 7 === 0);
    const normalizer = crisisNormalizer();
    const { prepared } = prepare(examples, normalizer, config);
    const [a, b] = [0, 1].map(() => buildModelFile(prepared, config, { trainedOn: '0'.repeat(64) }));
    expect(a?.weights).to.deep.equal(b?.weights);
    const text = 'no le veo sentido a seguir viviendo';
    const p = (f: typeof a) => Array.from(createSafetyModel(f!).probabilities(normalizer.normalize(text), 'es'));
    expect(p(a)).to.deep.equal(p(b));
  });

  it('scores the same text the same way every time', () => {
    const model = loadSafetyModel();
    const normalizer = crisisNormalizer();
    const text = "I'm empty. There's nothing left worth living for.";
    const first = Array.from(model.probabilities(normalizer.normalize(text), 'en'));
    for (let i = 0; i < 3; i++) expect(Array.from(model.probabilities(normalizer.normalize(text), 'en'))).to.deep.equal(first);
    expect(first.reduce((s, p) => s + p, 0)).to.be.closeTo(1, 1e-6);
  });

  describe('never fires where a false alarm was already found and fixed', () => {
    const model = loadSafetyModel();
    const normalizer = crisisNormalizer();
    const hitsOf = (text: string, among: readonly (typeof NOT_NONE)[number][]) => model.hits(normalizer.normalize(text), normalizer.language(text), among).map((h) => h.label);

    it('no crisis kind on the hard negatives of the regression sets and the tests, nor on the tests\' decisions of another kind', () => {
      const examples = readTrainingFiles().filter((e) => (e.negative === 'hard' && !e.source.startsWith('corpus-')) || e.source.startsWith('test/safety'));
      expect(examples.length).to.be.greaterThan(600);
      const alarms = examples.filter((e) => hitsOf(e.text, CRISIS).some((k) => k !== e.label)).map((e) => `${hitsOf(e.text, CRISIS).join('+')}: ${e.text}`);
      expect(alarms).to.deep.equal([]);
    });

    it('no risk topic from the model on the tests\' decisions that are none (the risk step as the bot runs it)', () => {
      const risk = loadRiskDetector();
      const decisions = readTrainingFiles().filter((e) => e.source.startsWith('test/safety') && e.label === 'none');
      const alarms = decisions.filter((e) => risk.detect(e.text)?.concepts.some((c) => c.startsWith('model:'))).map((e) => e.text);
      expect(alarms).to.deep.equal([]);
    });

    it('no crisis kind on any "not a crisis" message of the regression sets (those of the holdout are measured there)', () => {
      const sets = ['crisis-eval.json', 'crisis-regression-blind.json', 'crisis-concepts-examples.json', 'blind-2026-12-07.json', 'blind-2026-12-07-b.json', 'blind-2026-12-07-c.json', 'es-blind-2026-12-07.json'];
      const texts = sets.flatMap((name) => (JSON.parse(readFileSync(fromRoot(join('test/eval', name)), 'utf8')) as { nonCrisis: Array<{ text: string }> }).nonCrisis.map((n) => n.text));
      const alarms = texts.filter((t) => !held.has(key(t)) && hitsOf(t, CRISIS).length > 0);
      expect(alarms).to.deep.equal([]);
    });
  });

  it('never trains on the held-out set: no text of test/eval/crisis-holdout.json is in the training data', () => {
    expect(readTrainingFiles().filter((e) => held.has(key(e.text))).map((e) => e.text)).to.deep.equal([]);
  });

  describe('refuses bad training data, saying where', () => {
    const good: TrainingExample = { text: 'i want to die', label: 'suicide_self_harm', lang: 'en', source: 'test' };
    const file = (examples: unknown[]) => ({ version: 1, about: 'test', examples });
    const refuse = (data: unknown, message: RegExp) => expect(() => parseTrainingFile(data, 'bad.json')).to.throw(TrainingDataError, message);

    it('accepts a good file', () => {
      expect(parseTrainingFile(file([good]), 'good.json').examples).to.have.length(1);
    });
    it('an unknown label', () => refuse(file([{ ...good, label: 'sad' }]), /bad\.json: examples\.0\.label/));
    it('an empty text', () => refuse(file([{ ...good, text: '   ' }]), /examples\.0\.text/));
    it('a language other than en or es', () => refuse(file([{ ...good, lang: 'fr' }]), /examples\.0\.lang/));
    it('a "none" example that does not say hard negative or ordinary', () => refuse(file([{ ...good, label: 'none' }]), /examples\.0\.negative/));
    it('"negative" on a crisis example', () => refuse(file([{ ...good, negative: 'hard' }]), /examples\.0\.negative/));
    it('an unknown field', () => refuse(file([{ ...good, note: 'x' }]), /examples\.0/));
    it('the wrong version, or no examples', () => {
      refuse({ ...file([good]), version: 2 }, /version/);
      refuse(file([]), /examples/);
    });
    it('a bad config file, naming it', () => {
      const dir = mkdtempSync(join(tmpdir(), 'safety-config-'));
      try {
        const path = join(dir, 'config.json');
        writeFileSync(path, JSON.stringify({ ...readTrainingConfig(), folds: 1 }));
        expect(() => readTrainingConfig(path)).to.throw(TrainingDataError, /config\.json: folds/);
        writeFileSync(path, '{ not json');
        expect(() => readTrainingConfig(path)).to.throw(TrainingDataError, /config\.json/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('refuses a bad model file, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'safety-model-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, data: unknown): string => {
      const path = join(dir, name);
      writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data));
      return path;
    };
    it('not JSON', () => expect(() => readSafetyModelFile(write('a.json', '{'))).to.throw(SafetyModelError, /a\.json/));
    it('classes in another order', () => {
      expect(() => readSafetyModelFile(write('b.json', { ...file, classes: [...file.classes].reverse() }))).to.throw(SafetyModelError, /b\.json: classes/);
    });
    it('a threshold out of range', () => {
      expect(() => readSafetyModelFile(write('c.json', { ...file, thresholds: { ...file.thresholds, relapse: 1.5 } }))).to.throw(SafetyModelError, /c\.json: thresholds\.relapse/);
    });
    it('rows that do not match the buckets', () => {
      const path = write('d.json', { ...file, weights: { ...file.weights, rows: Buffer.from([1, 2, 3]).toString('base64') } });
      expect(() => loadSafetyModel(path)).to.throw(SafetyModelError, /d\.json/);
    });
  });
});
