/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Laptop-firmware model "win256" (Acer Nitro, Legion Y540, Clevo, HP, Dell
 * Precision/XPS 95x0): a fixed 256 KiB window whose size sits in a
 * variable, Arg1 bytes from Arg0 zero-padded past the ROM, and
 * AE_AML_BUFFER_LIMIT for a request reaching past the window.
 */
DefinitionBlock ("", "SSDT", 2, "OVFTST", "MWIN256", 1)
{
    External (\OVRB, MethodObj)
    External (\OVFB, MethodObj)

    Device (\_SB.OVM3)
    {
        Name (_HID, "OVFR0003")
        Name (RVSZ, 0x00040000)

        Method (_ROM, 2, Serialized)
        {
            If ((Arg0 + Arg1) > RVSZ)
            {
                \OVFB ()
            }
            Return (\OVRB (Arg0, Arg1))
        }
    }
}
