// TEST-ONLY catalog seed for the medusa-blocking live shop tests, run by tests/backend/start.sh v2 after
// seed-acceptance.js as `medusa exec ./src/scripts/seed-catalog.js` (~5 s). Idempotent: does nothing when the
// region "EU" exists. Adds: store currency eur; region "EU" (eur, de+fr, pp_system_default, automatic taxes) with
// tax regions de (19 %) and fr (20 %); categories "Acceptance Apparel" (handle acceptance-apparel) and its child
// "Acceptance Shirts" (acceptance-shirts); collection "Acceptance Collection" (acceptance-collection); links the
// T-shirt to the child category and the collection, the sticker to the parent; eur prices: T-shirt 45.5, sticker
// 2.49 (tax-exclusive: in de 54.145 and 2.9631 with tax).
Object.defineProperty(exports, "__esModule", { value: true })
const { ContainerRegistrationKeys, Modules } = require("@medusajs/framework/utils")
const {
  createRegionsWorkflow, createTaxRegionsWorkflow, createProductCategoriesWorkflow, createCollectionsWorkflow,
  batchLinkProductsToCollectionWorkflow, batchLinkProductsToCategoryWorkflow, updateStoresWorkflow,
} = require("@medusajs/medusa/core-flows")

exports.default = async function seedCatalog({ container }) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const regionService = container.resolve(Modules.REGION)
  const storeService = container.resolve(Modules.STORE)
  const pricing = container.resolve(Modules.PRICING)

  if ((await regionService.listRegions({ name: "EU" })).length) {
    logger.info("[seed-catalog] already seeded")
    return
  }
  const [store] = await storeService.listStores({}, { relations: ["supported_currencies"] })
  const currencies = (store.supported_currencies || []).map((c) => ({ currency_code: c.currency_code, is_default: c.is_default }))
  if (!currencies.some((c) => c.currency_code === "eur")) {
    currencies.push({ currency_code: "eur", is_default: false })
    await updateStoresWorkflow(container).run({ input: { selector: { id: store.id }, update: { supported_currencies: currencies } } })
  }
  const { result: [region] } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "EU", currency_code: "eur", countries: ["de", "fr"], automatic_taxes: true, payment_providers: ["pp_system_default"] }] },
  })
  await createTaxRegionsWorkflow(container).run({
    input: [
      { country_code: "de", provider_id: "tp_system", default_tax_rate: { name: "DE VAT", code: "DE19", rate: 19 } },
      { country_code: "fr", provider_id: "tp_system", default_tax_rate: { name: "FR VAT", code: "FR20", rate: 20 } },
    ],
  })
  const { data: products } = await query.graph({
    entity: "product", fields: ["id", "handle", "variants.id", "variants.sku", "variants.price_set.id"],
    filters: { handle: ["acceptance-tshirt", "acceptance-sticker"] },
  })
  const byHandle = Object.fromEntries(products.map((p) => [p.handle, p]))
  const tshirt = byHandle["acceptance-tshirt"], sticker = byHandle["acceptance-sticker"]
  if (!tshirt || !sticker) throw new Error("seed-catalog: run seed-acceptance.js first (products missing)")
  const { result: [apparel] } = await createProductCategoriesWorkflow(container).run({
    input: { product_categories: [{ name: "Acceptance Apparel", handle: "acceptance-apparel", description: "parent", is_active: true, is_internal: false }] },
  })
  const { result: [shirts] } = await createProductCategoriesWorkflow(container).run({
    input: { product_categories: [{ name: "Acceptance Shirts", handle: "acceptance-shirts", description: "child", is_active: true, is_internal: false, parent_category_id: apparel.id }] },
  })
  const { result: [collection] } = await createCollectionsWorkflow(container).run({
    input: { collections: [{ title: "Acceptance Collection", handle: "acceptance-collection" }] },
  })
  await batchLinkProductsToCategoryWorkflow(container).run({ input: { id: shirts.id, add: [tshirt.id] } })
  await batchLinkProductsToCategoryWorkflow(container).run({ input: { id: apparel.id, add: [sticker.id] } })
  await batchLinkProductsToCollectionWorkflow(container).run({ input: { id: collection.id, add: [tshirt.id] } })
  const eur = { "ACC-TSHIRT-M": 45.5, "ACC-STICKER": 2.49 }
  for (const variant of [...tshirt.variants, ...sticker.variants]) {
    if (eur[variant.sku] === undefined) continue
    await pricing.addPrices({ priceSetId: variant.price_set.id, prices: [{ currency_code: "eur", amount: eur[variant.sku] }] })
  }
  logger.info(`[seed-catalog] done: region EU ${region.id}, categories ${apparel.id} > ${shirts.id}, collection ${collection.id}`)
}
