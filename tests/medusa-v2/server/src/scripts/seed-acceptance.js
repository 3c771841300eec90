// TEST-ONLY seed for the medusa-blocking live tests, run by tests/backend/start.sh v2 as
// `medusa exec ./src/scripts/seed-acceptance.js` (boots the whole module container, ~5 s).
// Idempotent: if the publishable key "Acceptance Storefront" exists it only re-writes its token file.
// Creates: sales channel "Acceptance Channel" (made the store default), store currency usd, region "US"
// (usd, us+ca, payment provider pp_system_default), tax regions (tp_system), stock location + fulfillment set +
// shipping option "Standard Shipping" (flat 500 usd, manual_manual), product "Acceptance T-Shirt"
// (handle acceptance-tshirt, variant ACC-TSHIRT-M, 1950 usd, stock 1000), product "Acceptance Sticker"
// (handle acceptance-sticker, variant ACC-STICKER, 19.99 usd, stock 1000), publishable API key linked to the channel.
// Writes the key token to $MEDUSA_PUBLISHABLE_KEY_FILE (default <cwd>/publishable-key.txt).
// A seed that failed half-way is not resumed (the region would be created twice): wipe the DB instead.
Object.defineProperty(exports, "__esModule", { value: true })
const fs = require("fs")
const path = require("path")
const { ContainerRegistrationKeys, Modules, ProductStatus } = require("@medusajs/framework/utils")
const {
  createApiKeysWorkflow, createRegionsWorkflow, createSalesChannelsWorkflow, linkSalesChannelsToApiKeyWorkflow,
  updateStoresWorkflow, createStockLocationsWorkflow, createProductsWorkflow, createShippingOptionsWorkflow,
  linkSalesChannelsToStockLocationWorkflow, createInventoryLevelsWorkflow, createShippingProfilesWorkflow,
  createTaxRegionsWorkflow,
} = require("@medusajs/medusa/core-flows")

const KEY_TITLE = "Acceptance Storefront"

exports.default = async function seedAcceptance({ container }) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const apiKeyService = container.resolve(Modules.API_KEY)
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const salesChannels = container.resolve(Modules.SALES_CHANNEL)
  const storeService = container.resolve(Modules.STORE)
  const keyFile = process.env.MEDUSA_PUBLISHABLE_KEY_FILE || path.join(process.cwd(), "publishable-key.txt")

  const existing = await apiKeyService.listApiKeys({ title: KEY_TITLE, type: "publishable" })
  if (existing.length) {
    fs.writeFileSync(keyFile, existing[0].token + "\n")
    logger.info(`[seed-acceptance] already seeded; publishable key ${existing[0].token}`)
    return
  }

  const countries = ["us", "ca"]
  const [store] = await storeService.listStores()
  let [channel] = await salesChannels.listSalesChannels({ name: "Acceptance Channel" })
  if (!channel) {
    const { result } = await createSalesChannelsWorkflow(container).run({
      input: { salesChannelsData: [{ name: "Acceptance Channel", description: "acceptance tests" }] },
    })
    channel = result[0]
  }
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        name: "Acceptance Store",
        supported_currencies: [{ currency_code: "usd", is_default: true }],
        default_sales_channel_id: channel.id,
      },
    },
  })
  const { result: regions } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "US", currency_code: "usd", countries, payment_providers: ["pp_system_default"] }] },
  })
  const region = regions[0]
  await createTaxRegionsWorkflow(container).run({
    input: countries.map((country_code) => ({ country_code, provider_id: "tp_system" })),
  })
  const { result: locations } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "Acceptance Warehouse", address: { city: "Springfield", country_code: "US", address_1: "1 Main St" } }] },
  })
  const location = locations[0]
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })
  let [profile] = await fulfillment.listShippingProfiles({ type: "default" })
  if (!profile) {
    const { result } = await createShippingProfilesWorkflow(container).run({
      input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
    })
    profile = result[0]
  }
  const fset = await fulfillment.createFulfillmentSets({
    name: "Acceptance delivery", type: "shipping",
    service_zones: [{ name: "North America", geo_zones: countries.map((country_code) => ({ country_code, type: "country" })) }],
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fset.id },
  })
  await createShippingOptionsWorkflow(container).run({
    input: [{
      name: "Standard Shipping", price_type: "flat", provider_id: "manual_manual",
      service_zone_id: fset.service_zones[0].id, shipping_profile_id: profile.id,
      type: { label: "Standard", description: "Ship in 2-3 days.", code: "standard" },
      prices: [{ currency_code: "usd", amount: 500 }, { region_id: region.id, amount: 500 }],
      rules: [
        { attribute: "enabled_in_store", value: "true", operator: "eq" },
        { attribute: "is_return", value: "false", operator: "eq" },
      ],
    }],
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: [channel.id] } })
  const { result: keys } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: KEY_TITLE, type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: keys[0].id, add: [channel.id] } })
  await createProductsWorkflow(container).run({
    input: {
      products: [{
        title: "Acceptance T-Shirt", handle: "acceptance-tshirt", description: "for acceptance tests",
        status: ProductStatus.PUBLISHED, shipping_profile_id: profile.id,
        options: [{ title: "Size", values: ["M"] }],
        variants: [{ title: "M", sku: "ACC-TSHIRT-M", options: { Size: "M" }, manage_inventory: true,
          prices: [{ amount: 1950, currency_code: "usd" }] }],
        sales_channels: [{ id: channel.id }],
      }, {
        // a decimal price, so that exact money handling can be tested (3 x 19.99 = 59.97)
        title: "Acceptance Sticker", handle: "acceptance-sticker", description: "a decimal price",
        status: ProductStatus.PUBLISHED, shipping_profile_id: profile.id,
        options: [{ title: "Kind", values: ["One"] }],
        variants: [{ title: "One", sku: "ACC-STICKER", options: { Kind: "One" }, manage_inventory: true,
          prices: [{ amount: 19.99, currency_code: "usd" }] }],
        sales_channels: [{ id: channel.id }],
      }],
    },
  })
  const { data: items } = await query.graph({ entity: "inventory_item", fields: ["id"] })
  await createInventoryLevelsWorkflow(container).run({
    input: { inventory_levels: items.map((i) => ({ location_id: location.id, stocked_quantity: 1000, inventory_item_id: i.id })) },
  })
  fs.writeFileSync(keyFile, keys[0].token + "\n")
  logger.info(`[seed-acceptance] done: region ${region.id}, channel ${channel.id}, publishable key ${keys[0].token}`)
}
