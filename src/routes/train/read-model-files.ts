import { joinShards, parseModelJson, type ParsedModelJson } from '../../engine/models/model-json';

/** A saved model as chosen in the page: model.json's text, parsed, and its joined weights. */
export interface ChosenModel {
  json: string;
  parsed: ParsedModelJson;
  weights: Uint8Array;
}

/**
 * Reads the files the user chose (a model.json and the .bin shards it names, any order) into one
 * model; throws an Error that says what is missing or wrong.
 */
export async function readModelFiles(chosen: File[]): Promise<ChosenModel> {
  const jsonFile = chosen.find((file) => file.name.endsWith('.json'));
  if (jsonFile === undefined) throw new Error('Choose a model.json together with its .bin files');
  const json = await jsonFile.text();
  const parsed = parseModelJson(json);
  const shards = new Map<string, Uint8Array>();
  for (const file of chosen)
    if (file !== jsonFile) shards.set(file.name, new Uint8Array(await file.arrayBuffer()));
  return { json, parsed, weights: joinShards(parsed, shards) };
}
