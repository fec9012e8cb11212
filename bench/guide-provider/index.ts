import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import GuideResendNotificationProviderService from "./service"

export default ModuleProvider(Modules.NOTIFICATION, {
  services: [GuideResendNotificationProviderService],
})
