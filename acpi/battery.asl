    /*
     * SPDX-License-Identifier: GPL-2.0-or-later
     * battery.asl - vfio-ssdt template: an empty battery slot.
     *
     * NVIDIA's Windows driver for Optimus (mobile) GPUs refuses to start
     * (Code 43) when the machine has no ACPI battery device.  A Control
     * Method Battery whose _STA leaves bit 4 ("battery present") clear is
     * a slot with no battery in it: OSPM must not evaluate _BIF/_BIX/_BST
     * then, so none are needed, and the guest shows no fake charge level.
     * 0x0F = present, enabled, shown in UI, functioning.
     */
    External (@BATTERY_SCOPE@, DeviceObj)

    Scope (@BATTERY_SCOPE@)
    {
        Device (OVBT)
        {
            Name (_HID, EisaId ("PNP0C0A"))
            Name (_UID, One)
            Method (_STA, 0, NotSerialized)
            {
                Return (0x0F)
            }
        }
    }
